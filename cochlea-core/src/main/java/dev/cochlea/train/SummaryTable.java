package dev.cochlea.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table with aligned columns: a header, a rule of dashes, then the rows. The first
 * column is left-aligned, the others right-aligned (numbers line up on their last digit).
 * {@link #ofEpochs} builds the end-of-training summary.
 *
 * <pre>{@code
 * SummaryTable t = new SummaryTable("model", "params", "acc");
 * t.row("mlp", "12,810", "91.2%");
 * t.row("cnn", "98,442", "97.8%");
 * System.out.print(t.render());
 * // model  params    acc
 * // -----  ------  -----
 * // mlp    12,810  91.2%
 * // cnn    98,442  97.8%
 * }</pre>
 */
public final class SummaryTable {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private boolean rule = true;

    /** A table with these column headers. */
    public SummaryTable(String... headers) {
        if (headers.length == 0) throw new IllegalArgumentException("SummaryTable: expected at least one column, got none");
        this.headers = headers.clone();
    }

    /**
     * The end-of-training summary: one row per epoch with train loss and accuracy, validation loss
     * and accuracy, learning rate and wall time.
     */
    public static SummaryTable ofEpochs(List<EpochResult> results) {
        SummaryTable t = new SummaryTable("epoch", "train loss", "train acc", "val loss", "val acc", "lr", "time");
        for (EpochResult r : results) {
            t.row(Integer.toString(r.epoch()),
                    String.format(Locale.ROOT, "%.4f", r.trainLoss()),
                    String.format(Locale.ROOT, "%.1f%%", 100 * r.trainAcc()),
                    Double.isNaN(r.valLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.valLoss()),
                    Double.isNaN(r.valAcc()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.valAcc()),
                    String.format(Locale.ROOT, "%.2e", r.lr()),
                    Durations.format(r.seconds()));
        }
        return t;
    }

    /** Leaves out the rule of dashes under the header. */
    public SummaryTable withoutRule() {
        rule = false;
        return this;
    }

    /**
     * Adds a row; {@code null} cells print empty.
     *
     * @throws IllegalArgumentException if the row does not have one cell per column
     */
    public SummaryTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("SummaryTable: expected " + headers.length + " cells per row "
                    + Arrays.toString(headers) + ", got " + cells.length);
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "" : cells[i].toString();
        rows.add(r);
        return this;
    }

    /** The number of rows added. */
    public int size() {
        return rows.size();
    }

    /** The table as text, one line per row, each ending in a newline; no trailing spaces. */
    public String render() {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) width[c] = headers[c].length();
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        if (rule) {
            String[] dashes = new String[headers.length];
            for (int c = 0; c < dashes.length; c++) dashes[c] = "-".repeat(width[c]);
            line(sb, dashes, width);
        }
        for (String[] r : rows) line(sb, r, width);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        int start = sb.length();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append("  ");
            String pad = " ".repeat(width[c] - cells[c].length());
            if (c == 0) sb.append(cells[c]).append(pad);
            else sb.append(pad).append(cells[c]);
        }
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') end--;
        sb.setLength(end);
        sb.append('\n');
    }

    @Override
    public String toString() {
        return render();
    }
}
