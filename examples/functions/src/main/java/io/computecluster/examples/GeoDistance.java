package io.computecluster.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.computecluster.function.PayloadType;
import io.computecluster.function.TaskContext;
import io.computecluster.function.TaskFunction;

/**
 * {@code geo-distance}: the great-circle distance between two points on the earth, by the
 * haversine formula on a sphere of the earth's mean radius (6371.0088 km, within 0.5% of the
 * ellipsoid's distances). Input {@code {"from":{"lat":..,"lon":..},"to":{"lat":..,"lon":..}}}
 * in degrees; result {@code {"km": D}}, or {@code {"mi": D}} with args {@code {"unit":"mi"}}.
 */
public final class GeoDistance implements TaskFunction<GeoDistance.Route, JsonNode> {
    static final double EARTH_RADIUS_KM = 6371.0088;
    static final double KM_PER_MILE = 1.609344;

    /** A point in degrees: latitude from -90 to 90, longitude from -180 to 180. */
    public record Point(double lat, double lon) {
    }

    public record Route(Point from, Point to) {
    }

    /** The job's args: {@code unit} is {@code km} (the default) or {@code mi}. */
    public record Args(String unit) {
    }

    @Override
    public String name() {
        return "geo-distance";
    }

    @Override
    public PayloadType<Route> input() {
        return PayloadType.json(Route.class);
    }

    @Override
    public PayloadType<JsonNode> output() {
        return PayloadType.JSON;
    }

    @Override
    public JsonNode apply(Route route, TaskContext context) {
        String unit = unit(context.args(Args.class));
        checked(route.from(), "from");
        checked(route.to(), "to");
        double km = haversineKm(route.from(), route.to());
        return JsonNodeFactory.instance.objectNode().put(unit, unit.equals("km") ? km : km / KM_PER_MILE);
    }

    static double haversineKm(Point from, Point to) {
        double lat1 = Math.toRadians(from.lat());
        double lat2 = Math.toRadians(to.lat());
        double sinHalfDLat = Math.sin((lat2 - lat1) / 2);
        double sinHalfDLon = Math.sin(Math.toRadians(to.lon() - from.lon()) / 2);
        double a = sinHalfDLat * sinHalfDLat + Math.cos(lat1) * Math.cos(lat2) * sinHalfDLon * sinHalfDLon;
        // Rounding can push a past 1 for antipodal points, where asin would answer NaN.
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1.0, a)));
    }

    private static String unit(Args args) {
        if (args.unit() == null) {
            return "km";
        }
        if (args.unit().equals("km") || args.unit().equals("mi")) {
            return args.unit();
        }
        throw new IllegalArgumentException("unit must be \"km\" or \"mi\", got \"" + args.unit() + "\"");
    }

    private static void checked(Point point, String field) {
        if (point == null) {
            throw new IllegalArgumentException(field + " is missing: expected {\"lat\":..,\"lon\":..}");
        }
        // Written so that NaN (which Jackson reads from "NaN") is out of range too.
        if (!(point.lat() >= -90 && point.lat() <= 90)) {
            throw new IllegalArgumentException(field + ".lat must be from -90 to 90, got " + point.lat());
        }
        if (!(point.lon() >= -180 && point.lon() <= 180)) {
            throw new IllegalArgumentException(field + ".lon must be from -180 to 180, got " + point.lon());
        }
    }
}
