package io.computecluster.common.column;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.common.numbers.NumbersBuilder;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {

    @Test
    void blobsJoinInOrderWithTheirEmptyValuesAndEmptyParts() {
        Column joined = Columns.concat(List.of(Blobs.ofUtf8("a", "", "bc"), Blobs.of(), Blobs.ofUtf8("", "ü"),
                Blobs.ofUtf8("def")));
        assertEquals(Blobs.ofUtf8("a", "", "bc", "", "ü", "def"), joined);
    }

    @Test
    void slicesOfOneColumnJoinBackIntoIt() {
        Blobs whole = Blobs.ofUtf8("zero", "one", "", "three", "four");
        assertEquals(whole, Columns.concat(List.of(whole.slice(0, 2), whole.slice(2, 3), whole.slice(3, 5))));
        Numbers numbers = Numbers.of(5, -6, 7, Long.MAX_VALUE);
        assertEquals(numbers, Columns.concat(List.of(numbers.slice(0, 1), numbers.slice(1, 1), numbers.slice(1, 4))));
    }

    @Test
    void numbersJoinAsLongsUnlessSomeValueIsBig() {
        assertEquals(Numbers.of(1, 2, 3, 4, 5), Columns.concat(List.of(Numbers.of(1, 2), Numbers.range(3, 3))));
        BigInteger big = BigInteger.TWO.pow(100);
        NumbersBuilder withBig = new NumbersBuilder(2);
        withBig.setBig(0, big);
        withBig.setLong(1, -1);
        Numbers joined = (Numbers) Columns.concat(List.of(Numbers.of(9), withBig.build(), Numbers.of()));
        assertEquals(3, joined.size());
        assertEquals(9L, joined.longAt(0));
        assertEquals(big, joined.bigAt(1));
        assertEquals(-1L, joined.longAt(2));
    }

    @Test
    void aBuilderBuildsARangeOfItsValuesUnsetSlotsEmpty() {
        BlobsBuilder builder = new BlobsBuilder(4).set(0, new byte[] {1}).set(2, new byte[] {2, 3}).set(3, new byte[0]);
        assertEquals(Blobs.of(new byte[0], new byte[] {2, 3}), builder.build(1, 3));
        assertEquals(Blobs.of(), builder.build(4, 4));
        assertEquals(builder.build(), Columns.concat(List.of(builder.build(0, 2), builder.build(2, 4))));
        assertThrows(IndexOutOfBoundsException.class, () -> builder.build(3, 5));
    }

    @Test
    void oneColumnIsItselfAndMixedOrNoColumnsAreRefused() {
        Blobs one = Blobs.ofUtf8("x");
        assertSame(one, Columns.concat(List.of(one)));
        assertThrows(IllegalArgumentException.class, () -> Columns.concat(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Columns.concat(List.of(one, Numbers.of(1))));
        assertThrows(IllegalArgumentException.class, () -> Columns.concat(List.of(Numbers.of(1), one)));
    }
}
