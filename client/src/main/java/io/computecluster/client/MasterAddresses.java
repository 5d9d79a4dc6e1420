package io.computecluster.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The master's HTTP API as {@code --api} names it: one URL, or several separated by commas for a
 * cluster whose masters stand in for each other (one active, the others standby).
 *
 * @param urls the addresses, in the order given; never empty
 */
record MasterAddresses(List<URI> urls) {

    static final String EXPECTED = "expected http(s) URLs separated by commas, for example"
            + " http://10.0.0.1:8080,http://10.0.0.2:8080";

    MasterAddresses {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no master address");
        }
    }

    /** Parses {@code URL[,URL...]}; a single URL is checked exactly as {@link ApiUrlConverter} checks it. */
    static MasterAddresses parse(String text) {
        String[] parts = text.split(",", -1);
        ApiUrlConverter single = new ApiUrlConverter();
        if (parts.length == 1) {
            return new MasterAddresses(List.of(single.convert(text)));
        }
        List<URI> urls = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isBlank()) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "': address " + (i + 1) + " is empty; " + EXPECTED);
            }
            try {
                urls.add(single.convert(part));
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "': address " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new MasterAddresses(urls);
    }

    /** The address tried first. */
    URI first() {
        return urls.get(0);
    }

    /** Whether there are standby masters to go on with when one stops answering. */
    boolean several() {
        return urls.size() > 1;
    }

    /** As given: {@code URL1,URL2}. */
    @Override
    public String toString() {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** Picocli converter for {@code --api}. */
    static final class Converter implements CommandLine.ITypeConverter<MasterAddresses> {
        @Override
        public MasterAddresses convert(String value) {
            return parse(value);
        }
    }
}
