package io.jyolo.notebook;

import io.jyolo.eval.EvalResult;
import io.jyolo.run.History;
import io.jyolo.viz.Displayable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Teaches the JJava kernel to show jyolo's objects: a cell can simply end with a Tablesaw
 * table (HTML), an XChart chart (PNG) or anything {@link Displayable} (its image or HTML).
 *
 * <p>JJava finds this class through the service entry
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} in the library jar when the
 * kernel puts the jar on its class path; nothing has to be called from a notebook.
 */
public final class JyoloDisplay implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer());
    }

    /** Registers jyolo's render functions on a JJava renderer. */
    public static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> HtmlTables.toHtml(table));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, table::printAll);
                });
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> chartPng(chart));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> chart.getTitle());
                });
        renderer.createRegistration(History.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((history, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> HtmlTables.toHtml(history.toTable()));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> history.toTable().printAll());
                });
        renderer.createRegistration(EvalResult.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((result, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> evalHtml(result));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, result::toText);
                });
        renderer.createRegistration(Displayable.class)
                .preferring(MIMEType.IMAGE_PNG, MIMEType.TEXT_HTML)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((d, ctx) -> {
                    BufferedImage image = d.image();
                    if (image != null) {
                        ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(image));
                    }
                    String html = d.html();
                    if (html != null) {
                        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> html);
                    }
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, d::toString);
                });
    }

    /** The mAP in a heading line, then the per-class table. */
    static String evalHtml(EvalResult result) {
        String head = String.format(Locale.ROOT, "<p><b>mAP %.2f %%</b> (%s AP at IoU %.2f, %d classes scored)</p>",
                100 * result.map(), result.method().label(), result.iou(), result.classAps().size());
        return head + HtmlTables.toHtml(result.toTable());
    }

    /** Base64 PNG of a chart, the form Jupyter expects for image/png. */
    static String chartPng(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base64 PNG of an image. */
    static String png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
