package dev.bedrockgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Pure logic of the emulator: sampling, text generation, path decoding, arguments. */
class EmulatorUnitTest {

    @Test
    void quarterRateFailsEveryFourthCall() {
        FaultPlan plan = FaultPlan.of(FaultKind.INTERNAL).withRate(0.25);
        assertThat(LongStream.rangeClosed(1, 8).filter(plan::failsCall).boxed().toList()).containsExactly(4L, 8L);
    }

    @Test
    void zeroRateNeverFailsAndNoneNeverFails() {
        assertThat(LongStream.rangeClosed(1, 100).noneMatch(FaultPlan.of(FaultKind.THROTTLING).withRate(0)::failsCall)).isTrue();
        assertThat(LongStream.rangeClosed(1, 100).noneMatch(FaultPlan.of(FaultKind.NONE)::failsCall)).isTrue();
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> FaultPlan.of(FaultKind.THROTTLING).withRate(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.of(FaultKind.THROTTLING).withRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesFaultNamesLeniently() {
        assertThat(FaultKind.parse("Model-Timeout")).isEqualTo(FaultKind.TIMEOUT);
        assertThat(FaultKind.parse("service_unavailable")).isEqualTo(FaultKind.UNAVAILABLE);
        assertThat(FaultKind.parse("OUTAGE")).isEqualTo(FaultKind.OUTAGE);
        assertThatThrownBy(() -> FaultKind.parse("boom")).hasMessageContaining("throttling");
    }

    @Test
    void generatesTheSameTextForTheSamePromptAndDifferentTextOtherwise() {
        GeneratedText a = SyntheticText.generate("m", "hi", "prompt one", null, List.of());
        GeneratedText b = SyntheticText.generate("m", "hi", "prompt one", null, List.of());
        GeneratedText c = SyntheticText.generate("m", "hi", "prompt two", null, List.of());
        assertThat(a).isEqualTo(b);
        assertThat(a.text()).isNotEqualTo(c.text());
        assertThat(a.outputTokens()).isBetween(5 + SyntheticText.MIN_FILLER_WORDS, 5 + SyntheticText.MAX_FILLER_WORDS);
        assertThat(a.ending()).isEqualTo(GeneratedText.Ending.END);
    }

    @Test
    void echoesAtMostSixtyCharactersOfTheUserText() {
        String longText = "x".repeat(100);
        assertThat(SyntheticText.generate("m", longText, longText, null, List.of()).text())
                .contains("\"" + "x".repeat(60) + "\"");
    }

    @Test
    void maxTokensWinsOverALaterStopSequence() {
        GeneratedText text = SyntheticText.generate("m", "hi", "p", 2, List.of("hi"));
        assertThat(text.text()).isEqualTo("Emulated reply");
        assertThat(text.ending()).isEqualTo(GeneratedText.Ending.LENGTH);
    }

    @Test
    void extractsTheLastUserTurnFromChatTemplates() {
        assertThat(LlamaEmulation.lastUserTurn("<|start_header_id|>user<|end_header_id|>\n\nfirst<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nok<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nsecond<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"))
                .isEqualTo("second");
        assertThat(MistralEmulation.lastUserTurn("<s>[INST] one [/INST] two</s>[INST] three [/INST]")).isEqualTo("three");
        assertThat(MistralEmulation.lastUserTurn("plain")).isEqualTo("plain");
    }

    @Test
    void decodesEachPathSegmentOnItsOwn() {
        assertThat(BedrockEmulator.pathSegments("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fus.x.y/invoke?a=b"))
                .containsExactly("model", "arn:aws:bedrock:us-east-1:1:inference-profile/us.x.y", "invoke");
        assertThat(BedrockEmulator.pathSegments("/model/a+b/invoke")).containsExactly("model", "a+b", "invoke");
    }

    @Test
    void parsesStandaloneArguments() {
        EmulatorSettings settings = EmulatorMain.parse(new String[] {"--port=4011", "--host=0.0.0.0"});
        assertThat(settings.port()).isEqualTo(4011);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(EmulatorMain.parse(new String[0]).port()).isEqualTo(EmulatorMain.DEFAULT_STANDALONE_PORT);
        assertThatThrownBy(() -> EmulatorMain.parse(new String[] {"--verbose"})).hasMessageContaining("--verbose");
    }

    @Test
    void writesPngsWithTheRequestedSize() throws Exception {
        byte[] png = PngImages.solid(640, 1536, 0x336699);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(1536);
        assertThat(image.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0x336699);
    }
}
