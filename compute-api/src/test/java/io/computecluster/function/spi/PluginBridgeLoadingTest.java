package io.computecluster.function.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.computecluster.function.spi.TestFunctions.EchoText;
import io.computecluster.function.spi.TestFunctions.Versioned;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plug-in that cannot work is refused whole, when it is loaded, with one line that says why. */
class PluginBridgeLoadingTest {
    @TempDir
    Path dir;

    private String refusal(String... classNames) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PluginBridge(TestLoaders.listing(dir, classNames), "1.0"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static String nameOf(String simpleName) {
        return TestFunctions.class.getName() + "$" + simpleName;
    }

    @Test
    void aLoaderListingNoFunctionIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PluginBridge(new URLClassLoader(new URL[0], null), "1.0"));
        assertEquals("no task function found: the plug-in lists none in "
                + "META-INF/services/io.computecluster.function.TaskFunction", e.getMessage());
    }

    @Test
    void anEmptyServiceFileIsRefusedLikeNone() {
        assertTrue(refusal().startsWith("no task function found"));
    }

    @Test
    void twoFunctionsOfOneNameAreRefusedNamingBothClasses() {
        String message = refusal(nameOf("EchoText"), nameOf("SecondEchoText"));
        assertEquals("two task functions are named 'echo-text': " + nameOf("EchoText") + " and "
                + nameOf("SecondEchoText"), message);
    }

    @Test
    void invalidNamesAreRefusedNamingTheClassAndTheRule() {
        assertEquals("task function " + nameOf("UpperCaseName") + " has the name 'Upper', which is not "
                + "[a-z0-9][a-z0-9._-]{0,63}", refusal(nameOf("UpperCaseName")));
        assertTrue(refusal(nameOf("LongName")).contains("has the name 'aaaa"));
        assertEquals("task function " + nameOf("NullName") + " has the name null, which is not "
                + "[a-z0-9][a-z0-9._-]{0,63}", refusal(nameOf("NullName")));
    }

    @Test
    void theBuiltInNameIsRefused() {
        assertEquals("task function " + nameOf("TakesSquare") + " takes the name 'square', which is built in",
                refusal(nameOf("TakesSquare")));
    }

    @Test
    void aMissingInputOrOutputTypeIsRefused() {
        assertEquals("task function 'no-input' (" + nameOf("NoInput") + ") has no input type",
                refusal(nameOf("NoInput")));
        assertEquals("task function 'no-output' (" + nameOf("NoOutput") + ") has no output type",
                refusal(nameOf("NoOutput")));
    }

    @Test
    void aClassThatCannotBeInstantiatedIsRefusedWithItsNameAndTheCause() {
        String message = refusal(nameOf("EchoText"), nameOf("ThrowingConstructor"));
        assertTrue(message.startsWith("cannot load a task function: "), message);
        assertTrue(message.contains(nameOf("ThrowingConstructor")), message);
        assertTrue(message.endsWith("IllegalStateException: licence file missing"), message);

        assertTrue(refusal(nameOf("NoPublicConstructor")).contains(nameOf("NoPublicConstructor")));
        assertTrue(refusal("com.example.Missing").contains("com.example.Missing"));
        String notAFunction = refusal(nameOf("NotAFunction"));
        assertTrue(notAFunction.contains(nameOf("NotAFunction")) && notAFunction.contains("not a subtype"),
                notAFunction);
    }

    @Test
    void aFunctionThatThrowsWhenAskedItsNameIsRefusedNamingItsClass() {
        assertEquals("task function " + nameOf("ThrowingName") + " cannot describe itself: "
                + "IllegalStateException: not configured", refusal(nameOf("ThrowingName")));
    }

    @Test
    void aFunctionsOwnVersionWinsOverTheJarsAndZeroStandsInForNone() {
        ClassLoader loader = TestLoaders.listing(dir, List.of(EchoText.class, Versioned.class));
        assertArrayEquals(new String[] {"echo-text", "2.3", "text", "text"},
                new PluginBridge(loader, "2.3").functions().get(0));
        assertArrayEquals(new String[] {"versioned", "7.1", "text", "text"},
                new PluginBridge(loader, "2.3").functions().get(1));
        assertEquals("0", new PluginBridge(loader, null).functions().get(0)[1]);
        assertEquals("0", new PluginBridge(loader, " ").functions().get(0)[1]);
    }
}
