package io.computecluster.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Pekko refuses to start with modules of mixed versions; the project turns that into a warning
 * (common's reference.conf) for pekko-discovery alone, which Maven Central as reached here serves
 * only up to 1.2.1. Every other module of Pekko itself must stay at one version.
 */
class PekkoVersionsTest {
    /** Modules of Pekko itself (not pekko-http or pekko-management, released apart), as Pekko checks them. */
    private static final Set<String> PEKKO_MODULES = Set.of("pekko-actor", "pekko-actor-typed", "pekko-cluster",
            "pekko-cluster-sharding", "pekko-cluster-sharding-typed", "pekko-cluster-tools", "pekko-cluster-typed",
            "pekko-coordination", "pekko-distributed-data", "pekko-persistence", "pekko-persistence-typed",
            "pekko-pki", "pekko-protobuf-v3", "pekko-remote", "pekko-serialization-jackson", "pekko-slf4j",
            "pekko-stream", "pekko-stream-typed", "pekko-testkit", "pekko-actor-testkit-typed", "pekko-discovery");
    private static final String ALLOWED_APART = "pekko-discovery";

    @Test
    void everyPekkoModuleButDiscoveryIsAtTheActorModulesVersion() throws IOException {
        Map<String, String> versions = new TreeMap<>();
        Enumeration<URL> manifests = getClass().getClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (InputStream in = manifests.nextElement().openStream()) {
                Attributes main = new Manifest(in).getMainAttributes();
                String title = main.getValue("Implementation-Title");
                if ("org.apache.pekko".equals(main.getValue("Implementation-Vendor-Id")) && PEKKO_MODULES.contains(title)) {
                    versions.put(title, main.getValue("Implementation-Version"));
                }
            }
        }
        String actor = versions.get("pekko-actor");
        assertTrue(actor != null && versions.containsKey(ALLOWED_APART), versions.toString());
        versions.forEach((module, version) -> {
            if (!module.equals(ALLOWED_APART)) {
                assertEquals(actor, version, module + " in " + versions);
            }
        });
    }
}
