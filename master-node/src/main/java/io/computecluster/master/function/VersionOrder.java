package io.computecluster.master.function;

import java.util.Comparator;

/**
 * Orders versions as people read them: {@code 1.10.0} after {@code 1.9.2}, {@code 2.0} after
 * {@code 2.0-rc1}. Parts split at dots and dashes compare as numbers when both are numbers, else as
 * text; a version that goes on with a qualifier where the other ends is the older one.
 */
public final class VersionOrder implements Comparator<String> {
    public static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String left, String right) {
        String[] a = left.split("[.\\-+]");
        String[] b = right.split("[.\\-+]");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length) {
                return isNumber(b[i]) ? -1 : 1;
            }
            if (i >= b.length) {
                return isNumber(a[i]) ? 1 : -1;
            }
            int order = isNumber(a[i]) && isNumber(b[i])
                    ? new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]))
                    : a[i].compareTo(b[i]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static boolean isNumber(String part) {
        return !part.isEmpty() && part.chars().allMatch(Character::isDigit);
    }
}
