package io.computecluster.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.computecluster.common.config.DiscoverySettings.Method;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.discovery.Discovery;
import org.apache.pekko.discovery.ServiceDiscovery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoverySettingsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void noEnvironmentOverrides() {
        for (String name : List.of("COMPUTE_DISCOVERY", "COMPUTE_CONTACT_POINTS", "COMPUTE_SERVICE_NAME",
                "COMPUTE_POD_LABEL_SELECTOR", "COMPUTE_REQUIRED_CONTACT_POINTS")) {
            assumeTrue(System.getenv(name) == null, name + " is set in the environment");
        }
    }

    private DiscoverySettings load(String text) throws IOException {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, text);
        return DiscoverySettings.from(ConfigLoader.load(file, Map.of()));
    }

    private ConfigError failure(String text) {
        return assertThrows(ConfigError.class, () -> load(text));
    }

    @Test
    void seedsByDefaultInTheConfAndTheBuiltInDefaults() throws IOException {
        DiscoverySettings conf = DiscoverySettings.from(ConfigLoader.load(ConfigLoaderTest.CONF.resolve("cluster.conf"),
                Map.of()));
        assertEquals(Method.SEEDS, conf.method());
        assertFalse(conf.bootstrap());
        assertEquals(Method.SEEDS, load("").method());
        // Cluster Bootstrap's routes are not served then.
        assertEquals(Map.of("pekko.management.http.routes.cluster-bootstrap", ""), conf.pekkoSettings(true));
    }

    @Test
    void configTakesItsContactPointsAsAListOrACommaSeparatedString() throws IOException {
        DiscoverySettings list = load("""
                compute.discovery { method = config, contact-points = ["127.0.0.2:7626", "127.0.0.3:7626"] }
                """);
        DiscoverySettings string = load("""
                compute.discovery { method = CONFIG, contact-points = "127.0.0.2:7626, 127.0.0.3:7626," }
                """);
        assertEquals(List.of("127.0.0.2:7626", "127.0.0.3:7626"), list.contactPoints());
        assertEquals(list, string);
        assertEquals(2, list.requiredContactPoints(), "auto: every contact point listed");
        assertEquals(1, load("""
                compute.discovery { method = config, contact-points = "a:1,b:2", required-contact-points = "1" }
                """).requiredContactPoints(), "as COMPUTE_REQUIRED_CONTACT_POINTS gives it: a string");
    }

    @Test
    void configBecomesClusterBootstrapWithTheConfigDiscoveryOfTheContactPoints() throws IOException {
        DiscoverySettings discovery = load("""
                compute.discovery { method = config, contact-points = ["127.0.0.2:7626", "[::1]:7627"] }
                """);
        Config pekko = ConfigFactory.parseMap(discovery.pekkoSettings(false));
        assertFalse(pekko.getBoolean("pekko.management.cluster.bootstrap.new-cluster-enabled"), "a worker never forms one");
        assertEquals("config", pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
        assertEquals(2, pekko.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
        Config service = pekko.getConfigList("pekko.discovery.config.services.compute-cluster.endpoints").get(1);
        assertEquals("::1", service.getString("host"));
        assertEquals(7627, service.getInt("port"));
        assertTrue(ConfigFactory.parseMap(discovery.pekkoSettings(true))
                .getBoolean("pekko.management.cluster.bootstrap.new-cluster-enabled"));
    }

    @Test
    void kubernetesApiSelectsTheMastersPodsAndTheirManagementPort() throws IOException {
        DiscoverySettings discovery = load("compute.discovery.method = kubernetes-api");
        assertEquals(2, discovery.requiredContactPoints());
        Config pekko = ConfigFactory.parseMap(discovery.pekkoSettings(true));
        assertEquals("app.kubernetes.io/name=%s,app.kubernetes.io/component=master",
                pekko.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
        assertEquals("compute-cluster",
                pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name"));
        assertEquals("management", pekko.getString("pekko.management.cluster.bootstrap.contact-point-discovery.port-name"));
        assertTrue(discovery.describe().contains("app.kubernetes.io/name=compute-cluster,app.kubernetes.io/component=master"),
                discovery.describe());
    }

    @Test
    void badValuesAreOneLineNamingTheKeyAndWhatWasExpected() {
        ConfigError method = failure("compute.discovery.method = consul");
        assertTrue(method.getMessage().contains("compute.discovery.method: expected one of seeds, config, kubernetes-api,"
                + " dns, got 'consul'"), method.getMessage());
        ConfigError none = failure("compute.discovery.method = config");
        assertTrue(none.getMessage().contains("compute.discovery.contact-points: expected at least one HOST:PORT"),
                none.getMessage());
        ConfigError bad = failure("compute.discovery { method = config, contact-points = \"10.0.0.5\" }");
        assertTrue(bad.getMessage().contains("compute.discovery.contact-points: expected HOST:PORT of a management"
                + " endpoint, the port from 1 to 65535, got '10.0.0.5'"), bad.getMessage());
        ConfigError tooMany = failure("compute.discovery { method = config, contact-points = \"a:1\","
                + " required-contact-points = 2 }");
        assertTrue(tooMany.getMessage().contains("compute.discovery.required-contact-points: expected at most the 1"
                + " contact points listed in compute.discovery.contact-points, got 2"), tooMany.getMessage());
        ConfigError notANumber = failure("compute.discovery { method = dns, required-contact-points = some }");
        assertTrue(notANumber.getMessage().contains("expected auto or a number of at least 1"), notANumber.getMessage());
        for (ConfigError e : List.of(method, none, bad, tooMany, notANumber)) {
            assertTrue(e.getMessage().startsWith(dir.resolve("node.conf").toString()) && !e.getMessage().contains("\n"),
                    e.getMessage());
        }
    }

    @Test
    void aMasterWithBootstrapNeedsAFixedManagementPort() throws IOException {
        DiscoverySettings discovery = load("compute.discovery.method = dns");
        Config port0 = ConfigFactory.parseString("compute.management.port = 0");
        ConfigError e = assertThrows(ConfigError.class, () -> discovery.checkManagementPort(port0, true));
        assertTrue(e.getMessage().contains("compute.management.port: expected a fixed port with"
                + " compute.discovery.method = dns (the contact points name it), got 0"), e.getMessage());
        discovery.checkManagementPort(port0, false);
        discovery.checkManagementPort(ConfigFactory.parseString("compute.management.port = 7626"), true);
    }

    /** pekko-discovery is of another Pekko version than the rest: its DNS method still resolves, on this one. */
    @Test
    void theDnsMethodResolvesOnThisPekko() throws Exception {
        ActorSystem system = ActorSystem.create("dns-check", ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
        try {
            ServiceDiscovery dns = Discovery.get(system).loadServiceDiscovery("pekko-dns");
            ServiceDiscovery.Resolved resolved = dns.lookup("localhost", Duration.ofSeconds(10))
                    .toCompletableFuture().get();
            assertFalse(resolved.getAddresses().isEmpty(), resolved.toString());
            assertTrue(resolved.getAddresses().stream().allMatch(target -> target.address().isDefined()),
                    resolved.toString());
        } finally {
            system.terminate();
        }
    }
}
