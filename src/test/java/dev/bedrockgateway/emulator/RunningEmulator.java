package dev.bedrockgateway.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** One emulator and a real SDK client for a test class, with faults and counts cleared before each test. */
final class RunningEmulator implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private BedrockEmulator emulator;
    private BedrockRuntimeAsyncClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = new BedrockEmulator(EmulatorSettings.defaults()).start();
        client = SdkClients.client(emulator.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        emulator.stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.clearFaults();
        emulator.resetCalls();
    }

    BedrockEmulator emulator() {
        return emulator;
    }

    BedrockRuntimeAsyncClient client() {
        return client;
    }
}
