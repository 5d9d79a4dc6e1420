package io.computecluster.master.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.numbers.Numbers;
import io.computecluster.master.job.InputSource;
import io.computecluster.master.job.JobEvent.ChunkResult;
import io.computecluster.master.job.JobSpec;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCacheTest {

    private static ChunkResult chunk(int index, int values) {
        return new ChunkResult(index, Numbers.of(new long[values]), List.of(), "node:1");
    }

    @Test
    void keepsTheLastStoredResultsWithinItsBudget() {
        long oneChunk = ResultCache.bytes(chunk(0, 1000));
        ResultCache cache = new ResultCache(3 * oneChunk);
        for (int i = 0; i < 5; i++) {
            cache.put("a", chunk(i, 1000));
        }
        assertNull(cache.get("a", 0), "the oldest went first");
        assertNull(cache.get("a", 1));
        for (int i = 2; i < 5; i++) {
            assertNotNull(cache.get("a", i), "chunk " + i);
        }
        assertEquals(3 * oneChunk, cache.usedBytes());
    }

    @Test
    void aReadKeepsAChunkLonger() {
        long oneChunk = ResultCache.bytes(chunk(0, 10));
        ResultCache cache = new ResultCache(2 * oneChunk);
        cache.put("a", chunk(0, 10));
        cache.put("a", chunk(1, 10));
        assertNotNull(cache.get("a", 0));
        cache.put("a", chunk(2, 10));
        assertNotNull(cache.get("a", 0), "read last, so kept");
        assertNull(cache.get("a", 1));
    }

    @Test
    void aChunkLargerThanTheBudgetIsNotKept() {
        ResultCache cache = new ResultCache(100);
        cache.put("a", chunk(0, 1000));
        assertNull(cache.get("a", 0));
        assertEquals(0, cache.usedBytes());
        ResultCache none = new ResultCache(0);
        none.put("a", chunk(0, 1));
        assertNull(none.get("a", 0), "a budget of 0 keeps nothing");
    }

    @Test
    void forgettingAJobDropsItsResultsAndDefinitionOnly() {
        ResultCache cache = new ResultCache(1 << 20);
        JobSpec spec = new JobSpec("square", new InputSource.Range(BigInteger.ONE, BigInteger.TEN), 5);
        cache.define("a", spec);
        cache.define("b", spec);
        cache.put("a", chunk(0, 5));
        cache.put("a", chunk(1, 5));
        cache.put("b", chunk(0, 5));
        cache.forget("a");
        assertNull(cache.get("a", 0));
        assertNull(cache.get("a", 1));
        assertNull(cache.definition("a"));
        assertSame(spec, cache.definition("b"));
        assertNotNull(cache.get("b", 0));
        assertEquals(ResultCache.bytes(chunk(0, 5)), cache.usedBytes());
        assertTrue(cache.usedBytes() > 40, "the values count");
    }
}
