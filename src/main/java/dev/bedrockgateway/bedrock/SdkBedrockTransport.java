package dev.bedrockgateway.bedrock;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * Bedrock calls through the AWS SDK's async client, with failures mapped by {@link BedrockErrors}. A call answered
 * whole takes the client of the thread it starts on ({@link BedrockClients#current}), when the caller subscribes;
 * a stream takes the shared client, on the SDK's own threads: with 5,000 slow streams that way completed about 15%
 * more streams per CPU second than streams on the server's loops (bench/streams.sh, issue 7 note).
 */
@Component
public class SdkBedrockTransport implements BedrockTransport {

    static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";
    static final String OUTPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Output-Token-Count";
    private static final String JSON = "application/json";

    private final BedrockClients clients;

    public SdkBedrockTransport(BedrockClients clients) {
        this.clients = clients;
    }

    @Override
    public Mono<InvokeResult> invoke(String modelId, byte[] body) {
        return Mono.fromFuture(() -> clients.current().invokeModel(request -> request
                        .modelId(modelId)
                        .contentType(JSON)
                        .accept(JSON)
                        .body(SdkBytes.fromByteArrayUnsafe(body))))
                .map(SdkBedrockTransport::toInvokeResult)
                .onErrorMap(error -> BedrockErrors.map(modelId, error));
    }

    @Override
    public Mono<ConverseResponse> converse(ConverseRequest request) {
        return Mono.fromFuture(() -> clients.current().converse(request))
                .onErrorMap(error -> BedrockErrors.map(request.modelId(), error));
    }

    @Override
    public Mono<CountTokensResponse> countTokens(CountTokensRequest request) {
        return Mono.fromFuture(() -> clients.current().countTokens(request))
                .onErrorMap(error -> BedrockErrors.map(request.modelId(), error));
    }

    @Override
    public Flux<byte[]> invokeStream(String modelId, byte[] body) {
        InvokeModelWithResponseStreamRequest request = InvokeModelWithResponseStreamRequest.builder()
                .modelId(modelId)
                .contentType(JSON)
                .accept(JSON)
                .body(SdkBytes.fromByteArrayUnsafe(body))
                .build();
        return SdkBedrockTransport.<ResponseStream>events(modelId, (onStream, onError) -> clients.shared()
                        .invokeModelWithResponseStream(request, InvokeModelWithResponseStreamResponseHandler.builder()
                                .onEventStream(onStream::accept)
                                .onError(onError)
                                .build()))
                // Bedrock may add event types this SDK does not know; only chunks carry the model's output.
                .ofType(PayloadPart.class)
                .map(part -> part.bytes().asByteArrayUnsafe());
    }

    @Override
    public Flux<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
        return SdkBedrockTransport.<ConverseStreamOutput>events(request.modelId(), (onStream, onError) -> clients
                .shared().converseStream(request, ConverseStreamResponseHandler.builder()
                        .onEventStream(onStream::accept)
                        .onError(onError)
                        .build()));
    }

    /**
     * The SDK's event publisher as a Flux. The SDK hands the publisher over once the response headers are in; Flux.from
     * then passes demand and cancellation straight to it, so a cancelled Flux stops reading and the call's future is
     * cancelled too, which closes the connection instead of letting tokens pile up unread. A failure before the stream
     * opens comes through the handler's onError; one inside it through the publisher.
     */
    private static <E> Flux<E> events(String modelId,
                                      BiFunction<Consumer<SdkPublisher<? extends E>>, Consumer<Throwable>,
                                              CompletableFuture<Void>> call) {
        return Flux.<E>defer(() -> {
            Sinks.One<SdkPublisher<? extends E>> opened = Sinks.one();
            AtomicBoolean cancelled = new AtomicBoolean();
            CompletableFuture<Void> future = call.apply(opened::tryEmitValue, opened::tryEmitError);
            return opened.asMono()
                    .flatMapMany(events -> Flux.<E>from(events))
                    // The cancel below makes the SDK report its own "Request cancelled" while the cancel is still on
                    // its way up, before or after the stream opened; nobody is listening any more, and an error sent
                    // down now would only be dropped (and logged as an ERROR).
                    .onErrorResume(error -> cancelled.get() ? Mono.empty() : Mono.error(error))
                    .doOnCancel(() -> {
                        cancelled.set(true);
                        future.cancel(true);
                    });
        }).onErrorMap(error -> BedrockErrors.map(modelId, error));
    }

    private static InvokeResult toInvokeResult(InvokeModelResponse response) {
        return new InvokeResult(response.body().asByteArrayUnsafe(),
                intHeader(response, INPUT_TOKENS_HEADER), intHeader(response, OUTPUT_TOKENS_HEADER));
    }

    private static Integer intHeader(InvokeModelResponse response, String name) {
        Optional<String> value = response.sdkHttpResponse().firstMatchingHeader(name);
        try {
            return value.map(String::trim).map(Integer::valueOf).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
