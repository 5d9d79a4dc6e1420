package io.computecluster.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class MasterAddressesTest {

    @Test
    void oneAddressIsOneMaster() {
        MasterAddresses one = MasterAddresses.parse("http://127.0.0.1:8080");
        assertEquals(List.of(URI.create("http://127.0.0.1:8080")), one.urls());
        assertFalse(one.several());
    }

    @Test
    void commasSeparateSeveralInTheirOrder() {
        MasterAddresses two = MasterAddresses.parse("http://10.0.0.2:8080, https://master-1:8443/");
        assertEquals(List.of(URI.create("http://10.0.0.2:8080"), URI.create("https://master-1:8443/")), two.urls());
        assertTrue(two.several());
        assertEquals(URI.create("http://10.0.0.2:8080"), two.first());
        assertEquals("http://10.0.0.2:8080,https://master-1:8443/", two.toString());
    }

    @Test
    void anEmptyElementIsNamedWithWhatWasExpected() {
        assertEquals("'http://a:1,,http://b:2': address 2 is empty; " + MasterAddresses.EXPECTED,
                error("http://a:1,,http://b:2"));
        assertEquals("'http://a:1,': address 2 is empty; " + MasterAddresses.EXPECTED, error("http://a:1,"));
        assertEquals("',http://a:1': address 1 is empty; " + MasterAddresses.EXPECTED, error(",http://a:1"));
    }

    @Test
    void aBadElementIsNamedAsApiUrlConverterNamesIt() {
        assertEquals("'http://a:1,ftp://b': address 2: 'ftp://b' is not an http(s) URL with a host, for example"
                + " http://127.0.0.1:8080", error("http://a:1,ftp://b"));
        assertEquals("'http://a:1,http://b:2?x=1': address 2: 'http://b:2?x=1': the API URL takes no query or"
                + " fragment", error("http://a:1,http://b:2?x=1"));
    }

    @Test
    void aSingleBadAddressReadsAsBefore() {
        assertEquals("'not-a-url' is not an http(s) URL with a host, for example http://127.0.0.1:8080",
                error("not-a-url"));
    }

    private static String error(String text) {
        return assertThrows(TypeConversionException.class, () -> MasterAddresses.parse(text)).getMessage();
    }
}
