package io.hapc.engine.cluster;

/**
 * node-health-strategy and its scores (cluster options node-health-red/-yellow/-green/-base):
 * how the node attributes named "#health-*" (red, yellow, green, or a score) turn into a score
 * for every resource on the node. Strategy "none" (the default) ignores them.
 */
public record NodeHealthPolicy(String strategy, int red, int yellow, int green, int base) {
    public static final NodeHealthPolicy NONE = new NodeHealthPolicy("none", 0, 0, 0, 0);

    public boolean active() {
        return !strategy.equals("none");
    }

    /** The score of one health attribute value: a colour by the strategy, or a score as written. */
    public int scoreOf(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        boolean fixed = strategy.equals("migrate-on-red") || strategy.equals("only-green");
        return switch (v) {
            case "red" -> fixed ? io.hapc.model.cib.Score.MINUS_INFINITY : red;
            case "yellow" ->
                strategy.equals("only-green") ? io.hapc.model.cib.Score.MINUS_INFINITY : fixed ? 0 : yellow;
            case "green" -> fixed ? 0 : green;
            default -> {
                try {
                    yield io.hapc.model.cib.Score.parse(v);
                } catch (IllegalArgumentException e) {
                    yield 0;
                }
            }
        };
    }

    /** The node's health: the base (progressive only) plus every "#health-*" attribute's score. */
    public int nodeScore(java.util.Map<String, String> attributes) {
        int sum = strategy.equals("progressive") ? base : 0;
        for (var a : attributes.entrySet()) {
            if (a.getKey().startsWith("#health")) sum = io.hapc.model.cib.Score.add(sum, scoreOf(a.getValue()));
        }
        return sum;
    }
}
