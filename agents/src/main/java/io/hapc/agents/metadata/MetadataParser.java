package io.hapc.agents.metadata;

import io.hapc.agents.AgentException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Parses the `<resource-agent>` meta-data XML that OCF and fence agents print. */
public final class MetadataParser {
    private MetadataParser() {}

    public static AgentMetadata parse(String agent, String xml) {
        int start = xml.indexOf('<');
        if (start < 0) throw new AgentException(agent + ": meta-data is not XML (got: " + abbreviate(xml) + ")");
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.substring(start).getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            if (!root.getTagName().equals("resource-agent")) {
                throw new AgentException(
                        agent + ": meta-data root is <" + root.getTagName() + ">, expected <resource-agent>");
            }
            List<AgentMetadata.Parameter> params = new ArrayList<>();
            for (Element p : children(child(root, "parameters"), "parameter")) {
                Element content = child(p, "content");
                params.add(new AgentMetadata.Parameter(
                        p.getAttribute("name"),
                        truthy(p.getAttribute("required")),
                        truthy(p.getAttribute("unique")),
                        content == null || !content.hasAttribute("default")
                                ? Optional.empty()
                                : Optional.of(content.getAttribute("default")),
                        text(child(p, "shortdesc")),
                        content == null ? "string" : content.getAttribute("type")));
            }
            List<AgentMetadata.Action> actions = new ArrayList<>();
            for (Element a : children(child(root, "actions"), "action")) {
                actions.add(new AgentMetadata.Action(
                        a.getAttribute("name"), attr(a, "timeout"), attr(a, "interval"), attr(a, "role")));
            }
            String shortdesc =
                    root.hasAttribute("shortdesc") ? root.getAttribute("shortdesc") : text(child(root, "shortdesc"));
            return new AgentMetadata(
                    root.getAttribute("name"), shortdesc, text(child(root, "longdesc")), params, actions);
        } catch (AgentException e) {
            throw e;
        } catch (Exception e) {
            throw new AgentException(agent + ": meta-data is not valid XML: " + e.getMessage(), e);
        }
    }

    private static Optional<String> attr(Element e, String name) {
        return e.hasAttribute(name) ? Optional.of(e.getAttribute(name)) : Optional.empty();
    }

    private static boolean truthy(String v) {
        return v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes");
    }

    private static Element child(Element parent, String name) {
        if (parent == null) return null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) return e;
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().trim().replaceAll("\\s+", " ");
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
