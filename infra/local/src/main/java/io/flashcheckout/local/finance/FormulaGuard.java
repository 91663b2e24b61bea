package io.flashcheckout.local.finance;

import java.util.regex.Pattern;

/**
 * Keeps a spreadsheet from running a CSV cell as a formula (CSV injection): a cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading single quote, as OWASP advises. A plain
 * decimal number, negative ones included, is no formula and stays as it is, so it still opens as a number.
 */
final class FormulaGuard {
    private static final String TRIGGERS = "=+-@\t\r";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private FormulaGuard() {}

    /** The cell's text, quoted when a spreadsheet would evaluate it; null stays null (an empty cell). */
    static String cell(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.isEmpty() || TRIGGERS.indexOf(text.charAt(0)) < 0 || PLAIN_NUMBER.matcher(text).matches()) {
            return text;
        }
        return "'" + text;
    }
}
