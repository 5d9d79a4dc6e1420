package io.computecluster.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A master started with {@code bin/master --api-token-file}: bin/submit and bin/status get in with
 * {@code --token-file} (or {@code COMPUTE_API_TOKEN_FILE}), are refused with exit code 2 without
 * it or with a wrong one, and jobs still complete after the refusals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokenIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final String TOKEN = "e2e-token-5b1d";

    private static Installation installation;
    private static Path token;
    private static String api;

    @BeforeAll
    static void startCluster() throws IOException {
        installation = new Installation("api-token");
        token = secret(installation.workDir().resolve("api-token"), TOKEN);
        Installation.StartedMaster master = installation.startMaster("--api-token-file", token.toString());
        api = master.api();
        installation.start("worker", "worker", "--seed", master.seed(), "--workers", "2");
        // /health is open: load balancers probe it without the token.
        installation.awaitBody(api + "/health", "\"workerActors\":2", Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopCluster() {
        if (installation != null) {
            installation.close();
        }
    }

    @Test
    @Order(1)
    void onlyClientsWithTheTokenSubmit() throws IOException {
        Path wrong = secret(installation.workDir().resolve("wrong-token"), "e2e-token-5b1e");
        assertEquals(401, installation.get(api + "/jobs").statusCode());

        Path out = installation.workDir().resolve("results.tsv");
        int exit = installation.run("submit-with-token", COMMAND_TIMEOUT, "submit", "--api", api,
                "--range", "1..5000", "--token-file", token.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, exit, installation.outputOf("submit-with-token"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(5000, lines.size());
        assertEquals("5000\t25000000", lines.get(4999));

        exit = installation.run("submit-without-token", COMMAND_TIMEOUT, "submit", "--api", api,
                "--range", "1..10", "--no-progress");
        String without = installation.outputOf("submit-without-token");
        assertEquals(2, exit, without);
        assertTrue(without.startsWith("error: the master refused the request without a token"), without);
        assertEquals(1, without.strip().lines().count(), "one line: " + without);

        exit = installation.run("submit-wrong-token", COMMAND_TIMEOUT, "submit", "--api", api,
                "--range", "1..10", "--token-file", wrong.toString(), "--no-progress");
        String refused = installation.outputOf("submit-wrong-token");
        assertEquals(2, exit, refused);
        assertEquals("error: the master refused the token in " + wrong + ": the API token is not valid (HTTP 401)",
                refused.strip());

        // The master still serves clients with the token, here given by the environment.
        installation.environment("COMPUTE_API_TOKEN_FILE", token.toString());
        exit = installation.run("status-with-token", COMMAND_TIMEOUT, "status", "--api", api);
        assertEquals(0, exit, installation.outputOf("status-with-token"));
        assertTrue(installation.outputOf("status-with-token").contains("SUCCEEDED"),
                installation.outputOf("status-with-token"));
        Path again = installation.workDir().resolve("again.tsv");
        exit = installation.run("submit-again", COMMAND_TIMEOUT, "submit", "--api", api,
                "--range", "-3..3", "--out", again.toString(), "--no-progress");
        assertEquals(0, exit, installation.outputOf("submit-again"));
        assertEquals("-3\t9\n-2\t4\n-1\t1\n0\t0\n1\t1\n2\t4\n3\t9\n", Files.readString(again));

        String masterLog = Files.readString(installation.logFile("master"));
        assertTrue(masterLog.contains("The HTTP API asks for the token in " + token), masterLog);
    }

    /** The status page asks for the token on the API's 401, then shows the cluster and its jobs. */
    @Test
    @Order(2)
    void theStatusPageAsksForTheTokenAndThenShowsTheJobs() {
        HeadlessChromium.assumeInstalled("status page token test");
        // A job of this test's own for the page to show, whatever ran before.
        assertEquals(0, installation.run("submit-for-the-page", COMMAND_TIMEOUT, "submit", "--api", api,
                "--range", "1..10", "--token-file", token.toString(), "--no-progress", "--out",
                installation.workDir().resolve("page-job.tsv").toString()), installation.outputOf("submit-for-the-page"));
        ChromeDriver browser = HeadlessChromium.start(installation.workDir().resolve("chromedriver.log"));
        try {
            browser.get(api + "/");
            WebElement form = org.awaitility.Awaitility.await("the token form").atMost(Duration.ofSeconds(30))
                    .ignoreExceptions().until(() -> browser.findElement(By.id("token-form")), WebElement::isDisplayed);
            assertTrue(form.getText().contains("asks for its API token"), form.getText());
            assertEquals("0", browser.findElement(By.tagName("body")).getAttribute("data-updates"));

            browser.findElement(By.id("token-input")).sendKeys(TOKEN);
            browser.findElement(By.cssSelector("#token-form button")).click();
            org.awaitility.Awaitility.await("a refresh with the token").atMost(Duration.ofSeconds(30))
                    .until(() -> Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-updates")) > 0);
            assertTrue(browser.findElement(By.id("jobs")).getText().contains("SUCCEEDED"),
                    browser.findElement(By.id("jobs")).getText());
            assertTrue(!browser.findElement(By.id("token-form")).isDisplayed(), "the form is hidden again");
            assertEquals(TOKEN, browser.executeScript("return sessionStorage.getItem('compute-api-token')"));
        } finally {
            browser.quit();
        }
    }


    @Test
    @Order(3)
    void anEmptyTokenFileStopsTheMasterWithExitCodeTwoNamingTheFileAndKey() throws IOException {
        try (Installation installation = new Installation("api-token-empty")) {
            Path empty = secret(installation.workDir().resolve("empty-token"), "");
            int exit = installation.run("master", COMMAND_TIMEOUT, "master", "--port", "0",
                    "--http-port", "0", "--management-port", "0",
                    "--api-token-file", empty.toString());
            String output = installation.outputOf("master");
            assertEquals(2, exit, output);
            assertEquals("error: command line: compute.master.api.token-file: expected a file holding the API token, got "
                    + empty + ", which is empty", output.strip());
        }
    }

    private static Path secret(Path file, String token) throws IOException {
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
