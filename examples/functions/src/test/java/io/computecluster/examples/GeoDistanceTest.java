package io.computecluster.examples;

import static io.computecluster.examples.ThroughTheBridge.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * geo-distance through the bridge, against published city distances and against geometry: a
 * degree of the equator, a quarter meridian and half the globe are fractions of the circumference.
 */
class GeoDistanceTest {
    private static final double RADIUS = 6371.0088;
    private static final String PARIS = "{\"lat\":48.8566,\"lon\":2.3522}";
    private static final String LONDON = "{\"lat\":51.5074,\"lon\":-0.1278}";
    private static final String NEW_YORK = "{\"lat\":40.7128,\"lon\":-74.0060}";
    private static final String LOS_ANGELES = "{\"lat\":34.0522,\"lon\":-118.2437}";

    private static String route(String from, String to) {
        return "{\"from\":" + from + ",\"to\":" + to + "}";
    }

    private static double km(String from, String to) throws Exception {
        JsonNode answer = json("geo-distance", null, route(from, to));
        assertEquals(1, answer.size(), answer::toString);
        return answer.get("km").asDouble();
    }

    private static String point(double lat, double lon) {
        return "{\"lat\":" + lat + ",\"lon\":" + lon + "}";
    }

    @Test
    void cityPairsMatchTheirPublishedDistances() throws Exception {
        assertEquals(343.5, km(PARIS, LONDON), 1.0);
        assertEquals(km(PARIS, LONDON), km(LONDON, PARIS), 1e-9);
        assertEquals(3935.8, km(NEW_YORK, LOS_ANGELES), 2.0);
    }

    @Test
    void fractionsOfTheCircumferenceComeOutExactly() throws Exception {
        assertEquals(0.0, km(PARIS, PARIS), 1e-9);
        assertEquals(2 * Math.PI * RADIUS / 360, km(point(0, 0), point(0, 1)), 1e-6);
        assertEquals(Math.PI * RADIUS / 2, km(point(0, 30), point(90, 0)), 1e-6);
        assertEquals(Math.PI * RADIUS, km(point(0, 0), point(0, 180)), 1e-6);
        assertEquals(Math.PI * RADIUS, km(point(45, -170), point(-45, 10)), 1e-6);
        assertEquals(Math.PI * RADIUS, km(point(90, 0), point(-90, 0)), 1e-6);
        assertEquals(2 * Math.PI * RADIUS / 360, km(point(0, 179.5), point(0, -179.5)), 1e-6);
    }

    @Test
    void milesWhenTheArgsAskForThem() throws Exception {
        JsonNode answer = json("geo-distance", "{\"unit\":\"mi\"}", route(PARIS, LONDON));
        assertEquals(1, answer.size(), answer::toString);
        assertEquals(km(PARIS, LONDON) / 1.609344, answer.get("mi").asDouble(), 1e-9);
        assertEquals(213.4, answer.get("mi").asDouble(), 1.0);
        assertTrue(json("geo-distance", "{\"unit\":\"km\"}", route(PARIS, LONDON)).has("km"));
    }

    @Test
    void extraInputFieldsAreIgnored() throws Exception {
        JsonNode answer = json("geo-distance", null,
                "{\"id\":7,\"from\":{\"lat\":48.8566,\"lon\":2.3522,\"name\":\"Paris\"},\"to\":" + LONDON + "}");
        assertEquals(km(PARIS, LONDON), answer.get("km").asDouble(), 1e-9);
    }

    private static String refusal(String args, String input) {
        return assertThrows(IllegalArgumentException.class, () -> json("geo-distance", args, input)).getMessage();
    }

    @Test
    void coordinatesOutOfRangeFailNamingTheField() {
        assertEquals("from.lat must be from -90 to 90, got 90.5", refusal(null, route(point(90.5, 0), LONDON)));
        assertEquals("to.lat must be from -90 to 90, got -91.0", refusal(null, route(PARIS, point(-91, 0))));
        assertEquals("from.lon must be from -180 to 180, got 180.01", refusal(null, route(point(0, 180.01), LONDON)));
        assertEquals("to.lon must be from -180 to 180, got -200.0", refusal(null, route(PARIS, point(0, -200))));
        assertEquals("to.lat must be from -90 to 90, got NaN",
                refusal(null, route(PARIS, "{\"lat\":\"NaN\",\"lon\":0}")));
    }

    @Test
    void missingPointsAndCoordinatesFailNamingThem() {
        assertEquals("to is missing: expected {\"lat\":..,\"lon\":..}", refusal(null, "{\"from\":" + PARIS + "}"));
        String missingLon = refusal(null, route("{\"lat\":1}", LONDON));
        assertTrue(missingLon.contains("from.lon"), missingLon);
        String notAnObject = refusal(null, "[1,2]");
        assertTrue(notAnObject.startsWith("expected JSON for Route: "), notAnObject);
    }

    @Test
    void unitsOtherThanKmAndMiAreRefused() {
        assertEquals("unit must be \"km\" or \"mi\", got \"ft\"", refusal("{\"unit\":\"ft\"}", route(PARIS, LONDON)));
        assertEquals("args: unknown field 'units' (known: unit)", refusal("{\"units\":\"mi\"}", route(PARIS, LONDON)));
    }
}
