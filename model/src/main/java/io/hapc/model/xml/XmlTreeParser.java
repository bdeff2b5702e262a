package io.hapc.model.xml;

import io.hapc.model.cib.CibFormatException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Streams an XML document into an {@link XmlElement} tree (StAX keeps line numbers; no DTDs, no entities). */
final class XmlTreeParser {
    private XmlTreeParser() {}

    static XmlElement parse(InputStream in, String source) throws CibFormatException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Deque<Builder> stack = new ArrayDeque<>();
        XmlElement root = null;
        try {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                    stack.push(new Builder(r.getLocalName(), attrs, r.getLocation().getLineNumber()));
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    if (!stack.isEmpty()) stack.peek().text(r.getText(), ev == XMLStreamConstants.CDATA);
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    Builder b = stack.pop();
                    XmlElement e = new XmlElement(b.name, Collections.unmodifiableMap(b.attrs), List.copyOf(b.children), b.line,
                            b.text == null || b.text.toString().isBlank() ? "" : b.text.toString());
                    if (stack.isEmpty()) root = e;
                    else stack.peek().children.add(e);
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            String col = e.getLocation() == null ? "" : ", column " + e.getLocation().getColumnNumber();
            String msg = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceAll("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
            throw new CibFormatException(source, "malformed XML" + col + ": " + msg.trim(), line);
        }
        if (root == null) throw new CibFormatException(source, "empty document (expected a <cib> element)", 0);
        return root;
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attrs;
        final int line;
        final List<XmlElement> children = new ArrayList<>();
        /** Only elements with character data get one (most have none but indentation). */
        StringBuilder text;

        /** Indentation before the first real text is dropped; CDATA is kept verbatim. */
        void text(String chars, boolean cdata) {
            if (text == null) {
                if (chars.isBlank() && !cdata) return;
                text = new StringBuilder();
            }
            text.append(chars);
        }

        Builder(String name, Map<String, String> attrs, int line) {
            this.name = name;
            this.attrs = attrs;
            this.line = line;
        }
    }
}
