package io.computecluster.common.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.computecluster.common.column.Blobs;
import io.computecluster.common.column.BlobsBuilder;
import io.computecluster.common.column.Column;
import io.computecluster.common.numbers.Numbers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Columns of any payload come back from their binary form as they went in, whole or sliced. */
class ColumnCodecPropertiesTest {

    private static Column roundTrip(Column column) {
        ByteBuffer out = ByteBuffer.allocate(ColumnCodec.sizeOf(column));
        ColumnCodec.write(column, out);
        out.flip();
        Column back = ColumnCodec.read(out);
        assertFalse(out.hasRemaining(), "every byte written is read");
        return back;
    }

    @Provide
    Arbitrary<List<byte[]>> values() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void blobsOfAnyBytesRoundTrip(@ForAll("values") List<byte[]> values) {
        Blobs blobs = Blobs.of(values);
        Blobs back = (Blobs) roundTrip(blobs);
        assertEquals(blobs, back);
        for (int i = 0; i < values.size(); i++) {
            assertArrayEquals(values.get(i), back.bytesAt(i));
        }
    }

    @Property(tries = 300)
    void textOfAnyStringsRoundTripsAsUtf8(@ForAll @Size(max = 100) List<String> texts) {
        Blobs back = (Blobs) roundTrip(Blobs.ofUtf8(texts.toArray(String[]::new)));
        for (int i = 0; i < texts.size(); i++) {
            // What UTF-8 can carry: an unpaired surrogate becomes '?', as String.getBytes writes it.
            String expected = new String(texts.get(i).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertEquals(expected, back.utf8At(i));
        }
    }

    @Property(tries = 300)
    void aSliceHoldsExactlyItsValues(@ForAll("values") List<byte[]> values, @ForAll @IntRange(max = 200) int a,
                                     @ForAll @IntRange(max = 200) int b) {
        int from = Math.min(Math.min(a, b), values.size());
        int to = Math.min(Math.max(a, b), values.size());
        Blobs slice = Blobs.of(values).slice(from, to);
        assertEquals(to - from, slice.size());
        for (int i = from; i < to; i++) {
            assertArrayEquals(values.get(i), slice.bytesAt(i - from));
        }
        assertEquals(slice, roundTrip(slice));
    }

    @Property(tries = 200)
    void aBuilderFilledInAnyOrderWithGapsLeavesTheGapsEmpty(@ForAll("values") List<byte[]> values) {
        BlobsBuilder builder = new BlobsBuilder(values.size());
        for (int i = values.size() - 1; i >= 0; i -= 2) {
            builder.set(i, values.get(i));
        }
        Blobs built = builder.build();
        for (int i = 0; i < values.size(); i++) {
            boolean set = (values.size() - 1 - i) % 2 == 0;
            assertArrayEquals(set ? values.get(i) : new byte[0], built.bytesAt(i));
        }
    }

    @Property(tries = 100)
    void integerColumnsStillReadAsNumbers(@ForAll @Size(max = 500) long[] values) {
        assertEquals(Numbers.of(values), roundTrip(Numbers.of(values)));
    }

    @Property(tries = 200)
    void everyTruncationOfBlobsIsRefused(@ForAll("values") List<byte[]> values) {
        Blobs blobs = Blobs.of(values);
        ByteBuffer out = ByteBuffer.allocate(ColumnCodec.sizeOf(blobs));
        ColumnCodec.write(blobs, out);
        byte[] bytes = Arrays.copyOf(out.array(), out.position());
        for (int cut = 1; cut < bytes.length; cut += Math.max(1, bytes.length / 17)) {
            ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(bytes, cut));
            assertThrows(IllegalArgumentException.class, () -> ColumnCodec.read(truncated), "cut at " + cut);
        }
    }
}
