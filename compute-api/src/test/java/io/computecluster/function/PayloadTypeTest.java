package io.computecluster.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PayloadTypeTest {
    record Point(double x, double y) {
    }

    @Test
    void theFourWireTypesCarryTheirJavaTypes() {
        assertEquals("text", PayloadType.TEXT.wireName());
        assertEquals(String.class, PayloadType.TEXT.javaType());
        assertEquals("json", PayloadType.JSON.wireName());
        assertEquals(JsonNode.class, PayloadType.JSON.javaType());
        assertEquals("bytes", PayloadType.BYTES.wireName());
        assertEquals(byte[].class, PayloadType.BYTES.javaType());
        assertEquals("integer", PayloadType.INTEGER.wireName());
        assertEquals(BigInteger.class, PayloadType.INTEGER.javaType());
    }

    @Test
    void jsonBoundToAClassTravelsAsJson() {
        PayloadType<Point> point = PayloadType.json(Point.class);
        assertEquals("json", point.wireName());
        assertEquals(Point.class, point.javaType());
        assertEquals(PayloadType.json(Point.class), point);
        assertEquals(PayloadType.json(Point.class).hashCode(), point.hashCode());
        assertNotEquals(PayloadType.JSON, point);
        assertSame(PayloadType.JSON, PayloadType.json(JsonNode.class));
        assertEquals("json(Point)", point.toString());
        assertEquals("json", PayloadType.JSON.toString());
        assertEquals("integer", PayloadType.INTEGER.toString());
    }
}
