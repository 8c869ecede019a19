package io.jyolo.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads and writes PASCAL VOC annotation XML.
 *
 * <p>Coordinates are read as floats (some VOC-format exports write {@code 273.5}); a file
 * that cannot be read raises a {@link VocFormatException} naming the file and the problem.
 */
public final class VocXml {

    private VocXml() {
    }

    /** Parses one annotation file. */
    public static VocAnnotation read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** Parses annotation XML from a stream; {@code source} names it in error messages. */
    public static VocAnnotation parse(InputStream in, String source) throws IOException {
        Document doc;
        try {
            doc = builder().parse(in);
        } catch (SAXException e) {
            throw new VocFormatException(source, "not well-formed XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!"annotation".equals(root.getTagName())) {
            throw new VocFormatException(source, "root element is <" + root.getTagName() + ">, expected <annotation>");
        }
        String filename = text(root, "filename", "");
        Element size = child(root, "size");
        int width = size == null ? 0 : (int) number(size, "width", source, 0);
        int height = size == null ? 0 : (int) number(size, "height", source, 0);
        int depth = size == null ? 3 : (int) number(size, "depth", source, 3);
        List<VocObject> objects = new ArrayList<>();
        for (Element obj : children(root, "object")) {
            String name = text(obj, "name", "").trim();
            if (name.isEmpty()) {
                throw new VocFormatException(source, "object " + (objects.size() + 1) + " has no <name>");
            }
            Element bnd = child(obj, "bndbox");
            if (bnd == null) {
                throw new VocFormatException(source, "object '" + name + "' has no <bndbox>");
            }
            Box box = new Box(
                    (float) number(bnd, "xmin", source, Double.NaN),
                    (float) number(bnd, "ymin", source, Double.NaN),
                    (float) number(bnd, "xmax", source, Double.NaN),
                    (float) number(bnd, "ymax", source, Double.NaN));
            boolean difficult = flag(obj, "difficult");
            boolean truncated = flag(obj, "truncated");
            objects.add(new VocObject(name, box, difficult, truncated));
        }
        return new VocAnnotation(filename, width, height, depth, objects);
    }

    /** Writes {@code annotation} as VOC XML (UTF-8), creating parent folders. */
    public static void write(VocAnnotation annotation, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(toXml(annotation));
        }
    }

    /** The XML text of {@code annotation}. */
    public static String toXml(VocAnnotation a) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<annotation>\n");
        sb.append("  <filename>").append(escape(a.filename())).append("</filename>\n");
        sb.append("  <size>\n");
        sb.append("    <width>").append(a.width()).append("</width>\n");
        sb.append("    <height>").append(a.height()).append("</height>\n");
        sb.append("    <depth>").append(a.depth()).append("</depth>\n");
        sb.append("  </size>\n");
        for (VocObject o : a.objects()) {
            sb.append("  <object>\n");
            sb.append("    <name>").append(escape(o.name())).append("</name>\n");
            sb.append("    <truncated>").append(o.truncated() ? 1 : 0).append("</truncated>\n");
            sb.append("    <difficult>").append(o.difficult() ? 1 : 0).append("</difficult>\n");
            sb.append("    <bndbox>\n");
            sb.append("      <xmin>").append(num(o.box().xmin())).append("</xmin>\n");
            sb.append("      <ymin>").append(num(o.box().ymin())).append("</ymin>\n");
            sb.append("      <xmax>").append(num(o.box().xmax())).append("</xmax>\n");
            sb.append("      <ymax>").append(num(o.box().ymax())).append("</ymax>\n");
            sb.append("    </bndbox>\n");
            sb.append("  </object>\n");
        }
        sb.append("</annotation>\n");
        return sb.toString();
    }

    private static String num(float v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static DocumentBuilder builder() throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // The default handler also prints "[Fatal Error] ..." to stderr; the exception says it all.
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IOException("cannot create an XML parser", e);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag, String dflt) {
        Element e = child(parent, tag);
        return e == null ? dflt : e.getTextContent().trim();
    }

    private static double number(Element parent, String tag, String source, double dflt) throws VocFormatException {
        Element e = child(parent, tag);
        if (e == null || e.getTextContent().isBlank()) {
            if (Double.isNaN(dflt)) {
                throw new VocFormatException(source, "<" + parent.getTagName() + "> has no <" + tag + ">");
            }
            return dflt;
        }
        String t = e.getTextContent().trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            throw new VocFormatException(source, "<" + tag + "> is not a number: '" + t + "'");
        }
    }

    private static boolean flag(Element obj, String tag) {
        String t = text(obj, tag, "0");
        return t.equals("1") || t.equalsIgnoreCase("true");
    }
}
