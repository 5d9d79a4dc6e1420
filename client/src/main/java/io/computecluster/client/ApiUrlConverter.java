package io.computecluster.client;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine;

/** Converter for one address of {@code --api}: an absolute http or https URL with a host. */
final class ApiUrlConverter implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not an http(s) URL with a host, for example http://127.0.0.1:8080");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new CommandLine.TypeConversionException("'" + value + "': the API URL takes no query or fragment");
        }
        return uri;
    }
}
