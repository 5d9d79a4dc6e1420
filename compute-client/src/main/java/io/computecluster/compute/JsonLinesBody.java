package io.computecluster.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Values as a JSON Lines request body, written as the HTTP client reads it: a job of millions of
 * inputs is never one array in memory. Integers go as decimal strings, exact at any size.
 */
final class JsonLinesBody extends InputStream {
    /** Values are written some at a time, to about this many bytes. */
    private static final int BATCH_BYTES = 1 << 16;

    private final Iterator<?> values;
    private final ObjectMapper json;
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH_BYTES + 1024);
    private byte[] pending = new byte[0];
    private int at;

    JsonLinesBody(Iterator<?> values, ObjectMapper json) {
        this.values = values;
        this.json = json;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (at == pending.length && !fill()) {
            return -1;
        }
        int n = Math.min(length, pending.length - at);
        System.arraycopy(pending, at, into, offset, n);
        at += n;
        return n;
    }

    private boolean fill() throws IOException {
        batch.reset();
        while (batch.size() < BATCH_BYTES && values.hasNext()) {
            write(values.next());
            batch.write('\n');
        }
        pending = batch.toByteArray();
        at = 0;
        return pending.length > 0;
    }

    private void write(Object value) throws IOException {
        if (value instanceof BigInteger || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            batch.write('"');
            batch.write(value.toString().getBytes(StandardCharsets.US_ASCII));
            batch.write('"');
        } else {
            batch.write(json.writeValueAsBytes(value));
        }
    }
}
