package io.computecluster.common.input;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;

/**
 * Parses signed decimal integers of any size: an optional sign and digits, surrounding whitespace
 * ignored. Nothing else is accepted (no {@code 1e5}, {@code 0x10}, {@code 1_000} or {@code 1.0}),
 * so a typo never turns silently into a different number.
 */
public final class IntegerParser {
    /** Digits that always fit in a long, so parsing them skips BigInteger. */
    private static final int LONG_SAFE_DIGITS = 18;

    private final int maxDigits;
    /** Appended to a refusal over a limit, so a user knows which setting to change; may be empty. */
    private final String digitsSetting;
    private final String inputsSetting;

    public IntegerParser(int maxDigits) {
        this(maxDigits, "", "");
    }

    private IntegerParser(int maxDigits, String digitsSetting, String inputsSetting) {
        if (maxDigits < 1) {
            throw new IllegalArgumentException("maxDigits must be >= 1");
        }
        this.maxDigits = maxDigits;
        this.digitsSetting = digitsSetting;
        this.inputsSetting = inputsSetting;
    }

    /** This parser, naming the config keys of its limits in its refusals ({@code (compute.master.max-digits)}). */
    public IntegerParser namingSettings(String digitsKey, String inputsKey) {
        return new IntegerParser(maxDigits, " (" + digitsKey + ")", " (" + inputsKey + ")");
    }

    /** Parses one integer into slot {@code index} of {@code out}; the message says what was wrong. */
    public void parseInto(CharSequence text, NumbersBuilder out, int index) throws InputException {
        parse(text, 0, out, index);
    }

    /** Parses one integer, exactly. */
    public BigInteger parse(CharSequence text) throws InputException {
        NumbersBuilder one = new NumbersBuilder(1);
        parse(text, 0, one, 0);
        return one.build().bigAt(0);
    }

    /**
     * Parses one integer per line; blank lines are skipped. Throws with the 1-based line number of
     * the first bad line, or when there are no integers or more than {@code maxInputs}.
     */
    public Numbers parseLines(Reader reader, int maxInputs) throws InputException, IOException {
        BufferedReader lines = reader instanceof BufferedReader br ? br : new BufferedReader(reader, 1 << 16);
        // Parsed straight into a growing column: a big file never exists as a list of strings.
        NumbersBuilder out = new NumbersBuilder(1024);
        int count = 0;
        String line;
        int lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (count == maxInputs) {
                throw new InputException(lineNumber, "too many inputs: at most " + maxInputs + " per job"
                        + inputsSetting, true);
            }
            if (count == out.size()) {
                out = out.resized((int) Math.min((long) count * 2, Integer.MAX_VALUE - 8));
            }
            parse(line, lineNumber, out, count++);
        }
        if (count == 0) {
            throw new InputException(0, "no integers: a job needs at least one input");
        }
        return out.resized(count).build();
    }

    private void parse(CharSequence text, int line, NumbersBuilder out, int index) throws InputException {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            throw new InputException(line, "empty value: expected an integer");
        }
        int digitsStart = start;
        char first = text.charAt(start);
        if (first == '-' || first == '+') {
            digitsStart++;
        }
        int digits = end - digitsStart;
        if (digits == 0) {
            throw new InputException(line, "not an integer: '" + shorten(text, start, end) + "'");
        }
        for (int i = digitsStart; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InputException(line, "not an integer: '" + shorten(text, start, end) + "'");
            }
        }
        if (digits > maxDigits) {
            throw new InputException(line, "integer too long: " + digits + " digits, at most " + maxDigits
                    + digitsSetting, true);
        }
        if (digits <= LONG_SAFE_DIGITS) {
            long value = 0;
            for (int i = digitsStart; i < end; i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
            out.setLong(index, first == '-' ? -value : value);
        } else {
            out.setBig(index, new BigInteger(text.subSequence(start, end).toString()));
        }
    }

    /** At most 40 characters, control characters escaped: a refusal stays one printable line. */
    private static String shorten(CharSequence text, int start, int end) {
        String value = text.subSequence(start, Math.min(end, start + 40)).toString();
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return end - start <= 40 ? out.toString() : out.substring(0, Math.min(out.length(), 37)) + "...";
    }
}
