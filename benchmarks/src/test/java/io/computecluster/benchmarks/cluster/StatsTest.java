package io.computecluster.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(2.0, Stats.median(3, 1, 2));
        assertEquals(7.0, Stats.median(7));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, Stats.median(4, 1, 3, 2));
        assertEquals(15.0, Stats.median(20, 10));
    }

    @Test
    void percentilesUseTheNearestRank() {
        double[] values = {50, 15, 40, 20, 35};
        assertEquals(15.0, Stats.percentile(values, 5));
        assertEquals(20.0, Stats.percentile(values, 30));
        assertEquals(20.0, Stats.percentile(values, 40));
        assertEquals(35.0, Stats.percentile(values, 50));
        assertEquals(50.0, Stats.percentile(values, 100));
    }

    @Test
    void percentilesOfAThousandSamples() {
        double[] values = IntStream.rangeClosed(1, 1000).mapToDouble(i -> 1001 - i).toArray();
        assertEquals(500.0, Stats.percentile(values, 50));
        assertEquals(900.0, Stats.percentile(values, 90));
        assertEquals(990.0, Stats.percentile(values, 99));
        assertEquals(1000.0, Stats.percentile(values, 100));
    }

    @Test
    void percentileDoesNotReorderTheCallersArray() {
        double[] values = {3, 1, 2};
        Stats.percentile(values, 50);
        assertEquals(3.0, values[0]);
    }

    @Test
    void summaryHasMedianMinMaxAndCount() {
        assertEquals(new Stats.Summary(3.0, 1.0, 10.0, 3), Stats.summarize(List.of(10.0, 1.0, 3.0)));
        assertEquals(new Stats.Summary(5.0, 5.0, 5.0, 1), Stats.summarize(List.of(5.0)));
    }

    @Test
    void refusesNoValuesAndPercentilesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Stats.summarize(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Stats.median());
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 101));
    }
}
