package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocXmlTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameAnnotation() throws IOException {
        VocAnnotation original = new VocAnnotation("a&b <1>.jpg", 500, 375, 3, List.of(
                new VocObject("dog", new Box(273.5f, 12f, 499.25f, 374f), false, false),
                new VocObject("person", new Box(1f, 2.75f, 30f, 40.5f), true, false),
                new VocObject("car", new Box(0f, 0f, 10f, 10f), false, true),
                new VocObject("cat", new Box(5.1f, 6.2f, 7.3f, 8.4f), true, true)));
        Path file = dir.resolve("sub/folder/x.xml");
        VocXml.write(original, file);
        VocAnnotation back = VocXml.read(file);
        assertEquals(original, back);
        assertTrue(Files.readString(file).contains("<xmin>273.5</xmin>"), "fractional coordinates written as such");
    }

    @Test
    void emptyAnnotationRoundTrips() throws IOException {
        VocAnnotation original = new VocAnnotation("empty.jpg", 64, 48, 1, List.of());
        Path file = dir.resolve("empty.xml");
        VocXml.write(original, file);
        assertEquals(original, VocXml.read(file));
    }

    @Test
    void readsFlagsWrittenAsWordsAndToleratesMissingFlags() throws IOException {
        VocAnnotation a = parse("""
                <annotation><filename>f.jpg</filename><size><width>10</width><height>20</height></size>
                <object><name> bird </name><truncated>true</truncated>
                <bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3.5</xmax><ymax>4</ymax></bndbox></object>
                </annotation>""");
        assertEquals(10, a.width());
        assertEquals(20, a.height());
        assertEquals(3, a.depth(), "depth defaults to 3");
        VocObject o = a.objects().get(0);
        assertEquals("bird", o.name());
        assertEquals(new Box(1f, 2f, 3.5f, 4f), o.box());
        assertTrue(o.truncated());
        assertEquals(false, o.difficult());
    }

    @Test
    void malformedXmlErrorNamesTheFile() throws IOException {
        Path file = dir.resolve("broken_0042.xml");
        Files.writeString(file, "<annotation><object><name>dog</name></annotation>");
        VocFormatException e = assertThrows(VocFormatException.class, () -> VocXml.read(file));
        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("not well-formed"), e.getMessage());
    }

    @Test
    void objectWithoutBoxIsAnErrorNamingFileAndObject() throws IOException {
        Path file = dir.resolve("nobox.xml");
        Files.writeString(file, "<annotation><object><name>dog</name><difficult>0</difficult></object></annotation>");
        VocFormatException e = assertThrows(VocFormatException.class, () -> VocXml.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'dog' has no <bndbox>"), e.getMessage());
    }

    @Test
    void objectWithoutNameIsAnError() throws IOException {
        Path file = dir.resolve("noname.xml");
        Files.writeString(file, """
                <annotation>
                  <object><name>cat</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>
                  <object><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>
                </annotation>""");
        VocFormatException e = assertThrows(VocFormatException.class, () -> VocXml.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("object 2 has no <name>"), e.getMessage());
    }

    @Test
    void missingOrNonNumericCoordinateIsAnError() {
        VocFormatException missing = assertThrows(VocFormatException.class, () -> parse("""
                <annotation><object><name>cat</name>
                <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax></bndbox></object></annotation>"""));
        assertTrue(missing.getMessage().contains("<bndbox> has no <ymax>"), missing.getMessage());
        VocFormatException text = assertThrows(VocFormatException.class, () -> parse("""
                <annotation><object><name>cat</name>
                <bndbox><xmin>1</xmin><ymin>one</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>"""));
        assertTrue(text.getMessage().contains("<ymin> is not a number: 'one'"), text.getMessage());
        assertTrue(text.getMessage().startsWith("test.xml: "), text.getMessage());
    }

    @Test
    void wrongRootElementIsAnError() {
        VocFormatException e = assertThrows(VocFormatException.class, () -> parse("<annotations/>"));
        assertTrue(e.getMessage().contains("expected <annotation>"), e.getMessage());
    }

    @Test
    void doctypeIsRefused() {
        assertThrows(VocFormatException.class, () -> parse(
                "<!DOCTYPE annotation [<!ENTITY x \"y\">]><annotation><filename>&x;</filename></annotation>"));
    }

    private static VocAnnotation parse(String xml) throws IOException {
        return VocXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }
}
