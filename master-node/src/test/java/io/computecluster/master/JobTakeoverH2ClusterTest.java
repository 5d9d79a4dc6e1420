package io.computecluster.master;

import java.util.Map;

/** The takeover scenario with the job store in the embedded H2 database (the default). */
class JobTakeoverH2ClusterTest extends TakeoverScenario {
    @Override
    Map<String, Object> storeSettings() {
        return Map.of();
    }
}
