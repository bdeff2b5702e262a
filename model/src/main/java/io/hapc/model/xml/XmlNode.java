package io.hapc.model.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element being written: attributes in insertion order, children, then text out. Mutable only while
 * one writer call builds it; never shared.
 */
final class XmlNode {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlNode> children = new ArrayList<>();
    private String cdata;

    XmlNode(String name) {
        this.name = name;
    }

    /** Sets an attribute; blank ids are left out (the reader reads a missing id as ""). */
    XmlNode attr(String key, String value) {
        if (!(key.equals("id") && value.isEmpty())) attributes.put(key, value);
        return this;
    }

    XmlNode attr(String key, Optional<?> value) {
        value.ifPresent(v -> attributes.put(key, v.toString()));
        return this;
    }

    /** Character data written verbatim in a CDATA section (rule sources keep their exact text). */
    XmlNode cdata(String text) {
        this.cdata = text;
        return this;
    }

    XmlNode add(XmlNode child) {
        children.add(child);
        return this;
    }

    void appendTo(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append('<').append(name);
        attributes.forEach((k, v) ->
                out.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        if (cdata != null && !cdata.isEmpty()) {
            // "]]>" cannot occur inside one CDATA section: end it after "]]" and start a new one for ">".
            out.append("><![CDATA[")
                    .append(cdata.replace("]]>", "]]]]><![CDATA[>"))
                    .append("]]></")
                    .append(name)
                    .append(">\n");
            return;
        }
        if (children.isEmpty()) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        for (XmlNode c : children) c.appendTo(out, depth + 1);
        out.append("  ".repeat(depth)).append("</").append(name).append(">\n");
    }

    /** Escapes for a double-quoted attribute; whitespace controls as references so the parser keeps them. */
    static String escape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
