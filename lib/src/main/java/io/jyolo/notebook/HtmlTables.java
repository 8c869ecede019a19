package io.jyolo.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as a compact HTML table for notebooks and reports.
 *
 * <p>Long tables show their first and last rows with an ellipsis row between, so a cell that
 * ends with a 100 000-row table stays readable and the exported report stays small.
 */
public final class HtmlTables {

    /** Rows shown before a table is shortened. */
    public static final int MAX_ROWS = 40;

    private HtmlTables() {
    }

    public static String toHtml(Table table) {
        return toHtml(table, MAX_ROWS);
    }

    /** The table as HTML, at most {@code maxRows} data rows (head and tail). */
    public static String toHtml(Table table, int maxRows) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<div class=\"jyolo-table\">");
        if (table.name() != null && !table.name().isBlank()) {
            sb.append("<p><b>").append(escape(table.name())).append("</b> (")
                    .append(table.rowCount()).append(" rows)</p>");
        }
        sb.append("<table><thead><tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<th>").append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int rows = table.rowCount();
        int head = rows <= maxRows ? rows : maxRows / 2;
        int tailStart = rows <= maxRows ? rows : rows - (maxRows - head);
        for (int r = 0; r < head; r++) {
            row(sb, table, r);
        }
        if (tailStart > head) {
            sb.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ")
                    .append(tailStart - head).append(" more rows …</td></tr>");
        }
        for (int r = Math.max(head, tailStart); r < rows; r++) {
            row(sb, table, r);
        }
        sb.append("</tbody></table></div>");
        return sb.toString();
    }

    private static void row(StringBuilder sb, Table table, int r) {
        sb.append("<tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<td>").append(escape(c.getString(r))).append("</td>");
        }
        sb.append("</tr>");
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
