package io.hapc.model.xml;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed XML element with the line it starts on, so every error can name where it is. text is the
 * element's own character data (CDATA included) when it has any besides whitespace, else "".
 */
record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, int line, String text) {
    Optional<String> attr(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    String describe() {
        return "<" + name
                + attributes.entrySet().stream()
                        .filter(e -> e.getKey().equals("id"))
                        .map(e -> " id=\"" + e.getValue() + "\"")
                        .findFirst()
                        .orElse("")
                + ">";
    }
}
