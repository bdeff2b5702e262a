package io.hapc.transport.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CIB's XML cut by text position into its configuration and one part per child of
 * {@code <status>} (one {@code node_state} per node), so each can live in its own znode: the
 * status of a large cluster is most of its CIB and would not fit in one. Joining gives back the very
 * same text. An XML without a {@code <status>} child of the root stays whole ({@link #statusAt} -1).
 *
 * @param withoutStatus the XML with the content of {@code <status>} taken out
 * @param statusAt where in {@code withoutStatus} that content was
 * @param nodes the content of {@code <status>}, in order, cut before each child element (the first part
 *     also carries what precedes the first child)
 */
record CibParts(String withoutStatus, int statusAt, List<NodePart> nodes) {
    /** One child of status: `node` names it (uname, else id, else its position), `xml` is its text. */
    record NodePart(String node, String xml) {}

    private static final Pattern UNAME = Pattern.compile("\\suname\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern ID = Pattern.compile("\\sid\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");

    CibParts {
        nodes = List.copyOf(nodes);
    }

    static CibParts whole(String xml) {
        return new CibParts(xml, -1, List.of());
    }

    String join() {
        if (statusAt < 0) {
            return withoutStatus;
        }
        StringBuilder b = new StringBuilder(withoutStatus.length()
                + nodes.stream().mapToInt(n -> n.xml().length()).sum());
        b.append(withoutStatus, 0, statusAt);
        nodes.forEach(n -> b.append(n.xml()));
        b.append(withoutStatus, statusAt, withoutStatus.length());
        return b.toString();
    }

    /** Cuts `xml`; text that is not the well-formed XML this scanner expects stays whole. */
    static CibParts split(String xml) {
        try {
            return scan(xml);
        } catch (RuntimeException malformed) {
            return whole(xml);
        }
    }

    /**
     * A scanner for well-formed XML, just enough to find where elements start and end: comments,
     * CDATA, processing instructions and quoted attribute values are skipped whole.
     */
    private static CibParts scan(String xml) {
        int depth = 0;
        int statusContentStart = -1;
        int statusContentEnd = -1;
        List<Integer> childStarts = new ArrayList<>();
        List<String> childNames = new ArrayList<>();
        int i = xml.indexOf('<');
        while (i >= 0 && i < xml.length()) {
            if (xml.startsWith("<!--", i)) {
                i = after(xml, "-->", i);
            } else if (xml.startsWith("<![CDATA[", i)) {
                i = after(xml, "]]>", i);
            } else if (xml.startsWith("<?", i)) {
                i = after(xml, "?>", i);
            } else if (xml.startsWith("<!", i)) {
                i = after(xml, ">", i);
            } else if (xml.startsWith("</", i)) {
                int end = after(xml, ">", i);
                depth--;
                if (statusContentStart >= 0 && statusContentEnd < 0 && depth == 1) {
                    statusContentEnd = i;
                }
                i = end;
            } else {
                int end = endOfTag(xml, i);
                boolean empty = xml.charAt(end - 2) == '/';
                String name = nameAt(xml, i + 1);
                if (depth == 1 && name.equals("status") && statusContentStart < 0 && !empty) {
                    statusContentStart = end;
                } else if (depth == 2 && statusContentStart >= 0 && statusContentEnd < 0) {
                    childStarts.add(i);
                    childNames.add(nodeName(xml.substring(i, end), childStarts.size()));
                }
                if (!empty) {
                    depth++;
                }
                i = end;
            }
            i = xml.indexOf('<', i);
        }
        if (depth != 0 || statusContentStart < 0 || statusContentEnd < 0 || childStarts.isEmpty()) {
            return whole(xml);
        }
        List<NodePart> parts = new ArrayList<>();
        for (int c = 0; c < childStarts.size(); c++) {
            int from = c == 0 ? statusContentStart : childStarts.get(c);
            int to = c + 1 < childStarts.size() ? childStarts.get(c + 1) : statusContentEnd;
            parts.add(new NodePart(childNames.get(c), xml.substring(from, to)));
        }
        String rest = xml.substring(0, statusContentStart) + xml.substring(statusContentEnd);
        return new CibParts(rest, statusContentStart, parts);
    }

    private static int after(String xml, String terminator, int from) {
        int at = xml.indexOf(terminator, from);
        if (at < 0) {
            throw new IllegalArgumentException("unterminated markup at " + from);
        }
        return at + terminator.length();
    }

    /** The index just after the '>' closing the start tag at `from`, quotes respected. */
    private static int endOfTag(String xml, int from) {
        char quote = 0;
        for (int i = from + 1; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated tag at " + from);
    }

    private static String nameAt(String xml, int from) {
        int i = from;
        while (i < xml.length()
                && !Character.isWhitespace(xml.charAt(i))
                && xml.charAt(i) != '>'
                && xml.charAt(i) != '/') {
            i++;
        }
        return xml.substring(from, i);
    }

    private static String nodeName(String startTag, int position) {
        for (Pattern attribute : List.of(UNAME, ID)) {
            Matcher m = attribute.matcher(startTag);
            if (m.find()) {
                return m.group(2) != null ? m.group(2) : m.group(3);
            }
        }
        return "node-" + position;
    }
}
