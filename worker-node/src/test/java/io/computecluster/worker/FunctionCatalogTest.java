package io.computecluster.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.common.column.PayloadType;
import io.computecluster.common.node.NodeStartException;
import io.computecluster.common.protocol.WorkerProtocol.FunctionCall;
import io.computecluster.common.protocol.WorkerProtocol.FunctionOffer;
import io.computecluster.worker.testplugin.CubeFn;
import io.computecluster.worker.testplugin.SquareFn;
import io.computecluster.worker.testplugin.TroubleFn;
import io.computecluster.worker.testplugin.UpperFn;
import io.computecluster.worker.testplugin.WrapJsonFn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionCatalogTest {
    @TempDir
    Path folder;

    private NodeStartException refused() {
        NodeStartException e = assertThrows(NodeStartException.class, () -> FunctionCatalog.load(folder, true));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void offersTheBuiltInFunctionsAndEveryPluginsFunctionsWithTheirTypesAndVersions() {
        PluginJars.jar(folder, "b-text.jar", "1.4", UpperFn.class, WrapJsonFn.class);
        PluginJars.jar(folder, "a-math.jar", null, CubeFn.class);
        PluginJars.jar(folder, "c-trouble.jar", "7", TroubleFn.class);
        FunctionCatalog catalog = FunctionCatalog.load(folder, true);

        assertEquals(List.of(folder.resolve("a-math.jar"), folder.resolve("b-text.jar"), folder.resolve("c-trouble.jar")),
                catalog.plugins().stream().map(p -> p.jar()).toList(), "loaded in name order");
        List<FunctionOffer> offers = catalog.offers();
        assertTrue(offers.contains(new FunctionOffer("square", FunctionCall.BUILT_IN, PayloadType.INTEGER,
                PayloadType.INTEGER)));
        assertTrue(offers.contains(new FunctionOffer("cube", "0", PayloadType.INTEGER, PayloadType.INTEGER)),
                "no version anywhere: 0");
        assertTrue(offers.contains(new FunctionOffer("upper", "1.4", PayloadType.TEXT, PayloadType.TEXT)),
                "the jar's Implementation-Version");
        assertTrue(offers.contains(new FunctionOffer("wrap-json", "1.4", PayloadType.JSON, PayloadType.JSON)));
        assertTrue(offers.contains(new FunctionOffer("trouble", "2.0", PayloadType.TEXT, PayloadType.TEXT)),
                "the function's own version wins");

        assertTrue(catalog.plugin("upper", "1.4").isPresent());
        assertTrue(catalog.plugin("upper", "1.5").isEmpty());
        assertTrue(catalog.builtIn("square", FunctionCall.BUILT_IN).isPresent());
        assertTrue(catalog.builtIn("square", "1.0").isEmpty());
        assertTrue(catalog.offers("upper"));
        assertFalse(catalog.offers("lower"));
        assertTrue(catalog.describePlugins().get(1).contains("upper@1.4 text -> text"),
                catalog.describePlugins().toString());
    }

    @Test
    void aJarWithoutImplementationVersionTakesTheVersionMavenRecordedInIt() throws Exception {
        Path jar = PluginJars.jar(folder, "maven-built.jar", null, CubeFn.class);
        addEntry(jar, "META-INF/maven/com.example/cube/pom.properties",
                "groupId=com.example\nartifactId=cube\nversion=2.5.1\n");
        assertTrue(FunctionCatalog.load(folder, true).offers()
                .contains(new FunctionOffer("cube", "2.5.1", PayloadType.INTEGER, PayloadType.INTEGER)));
    }

    /** Adds a file to a jar, as a build would have written it there. */
    private static void addEntry(Path jar, String name, String text) throws Exception {
        try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(jar)) {
            Path entry = zip.getPath(name);
            java.nio.file.Files.createDirectories(entry.getParent());
            java.nio.file.Files.writeString(entry, text);
        }
    }

    @Test
    void aMissingDefaultFolderMeansNoPluginsButANamedOneIsAnError() {
        Path missing = folder.resolve("nothing-here");
        assertEquals(List.of(), FunctionCatalog.load(missing, false).plugins());
        assertTrue(FunctionCatalog.load(missing, false).offers("square"));
        NodeStartException e = assertThrows(NodeStartException.class, () -> FunctionCatalog.load(missing, true));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void filesThatAreNotJarsByNameAreIgnored() throws Exception {
        Files.writeString(folder.resolve("README.txt"), "not a plug-in");
        Files.createDirectory(folder.resolve("sub.jar"));
        assertEquals(List.of(), FunctionCatalog.load(folder, true).plugins());
    }

    @Test
    void aJarThatIsNotAJarIsRefusedNamingIt() throws Exception {
        Files.writeString(folder.resolve("broken.jar"), "this is no zip", StandardCharsets.UTF_8);
        NodeStartException e = refused();
        assertTrue(e.getMessage().startsWith("plug-in " + folder.resolve("broken.jar") + ": cannot be opened as a jar"),
                e.getMessage());
    }

    @Test
    void aJarWithoutFunctionsIsRefusedNamingIt() {
        PluginJars.jar(folder, "empty.jar", "1", List.of(), List.of(UpperFn.class));
        NodeStartException e = refused();
        assertTrue(e.getMessage().startsWith("plug-in " + folder.resolve("empty.jar") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("no task function"), e.getMessage());
    }

    @Test
    void aFunctionNameOfferedByTwoJarsIsRefusedNamingBoth() {
        PluginJars.jar(folder, "one.jar", "1", UpperFn.class);
        PluginJars.jar(folder, "two.jar", "2", UpperFn.class, CubeFn.class);
        NodeStartException e = refused();
        assertEquals("plug-in " + folder.resolve("two.jar") + ": function 'upper' is offered by "
                + folder.resolve("one.jar") + " too", e.getMessage());
    }

    @Test
    void aPluginCannotTakeTheBuiltInSquare() {
        PluginJars.jar(folder, "square.jar", "1", SquareFn.class);
        NodeStartException e = refused();
        assertTrue(e.getMessage().startsWith("plug-in " + folder.resolve("square.jar") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("'square'"), e.getMessage());
    }

    @Test
    void aListedClassThatIsMissingFromTheJarIsRefusedNamingTheJar() throws Exception {
        Path jar = PluginJars.jar(folder, "missing-class.jar", "1", List.of(), List.of());
        try (var fs = java.nio.file.FileSystems.newFileSystem(jar)) {
            Path services = fs.getPath(PluginJars.SERVICES);
            Files.createDirectories(services.getParent());
            Files.writeString(services, "io.computecluster.worker.testplugin.NoSuchFn\n");
        }
        NodeStartException e = refused();
        assertTrue(e.getMessage().startsWith("plug-in " + jar + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchFn"), e.getMessage());
    }
}
