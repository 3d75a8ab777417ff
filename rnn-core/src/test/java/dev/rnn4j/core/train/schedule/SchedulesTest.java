package dev.rnn4j.core.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedule arithmetic, the plateau detector with its checkpoint state, and spec parsing. */
class SchedulesTest {
  private static final double NAN = Double.NaN;

  @Test
  void constantKeepsTheRateWhateverTheLoss() {
    LearningRateSchedule s = Schedules.parse("constant");
    assertEquals(List.of(0.1, 0.1, 0.1), rates(s, 0.1, 3.0, 4.0, NAN));
    assertInstanceOf(ConstantSchedule.class, Schedules.parse(null));
    assertInstanceOf(ConstantSchedule.class, Schedules.parse("  "));
  }

  @Test
  void stepDecayMultipliesAfterEveryNthEpoch() {
    LearningRateSchedule s = Schedules.parse("step:every=2,gamma=0.5");
    // the rate returned after epoch e is the rate of epoch e + 1
    assertEquals(List.of(1.0, 0.5, 0.5, 0.25, 0.25), rates(s, 1.0, NAN, NAN, NAN, NAN, NAN));
  }

  @Test
  void plateauHalvesOnceTheLossStallsForPatienceEpochs() {
    LearningRateSchedule s = Schedules.parse("plateau:patience=2,factor=0.5,threshold=0.01");
    // 10 -> 9 improves; 8.95 is < 1% better (bad 1); 9.5 (bad 2) -> halve; 8.0 improves;
    // 8.0 (bad 1); NaN is ignored; 8.0 (bad 2) -> halve
    assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25),
        rates(s, 1.0, 10.0, 9.0, 8.95, 9.5, 8.0, 8.0, NAN, 8.0));
  }

  @Test
  void plateauDefaultsHalveAfterOneBadEpochAndStopAtTheMinimum() {
    LearningRateSchedule s = Schedules.parse("plateau:min=0.3");
    assertEquals(List.of(1.0, 0.5, 0.3, 0.3, 0.3), rates(s, 1.0, 5.0, 5.0, 6.0, 7.0, 4.0));
    assertEquals("plateau:patience=1,factor=0.5,threshold=1.0E-4,min=0.3", s.spec());
  }

  @Test
  void plateauNeverRaisesARateAlreadyBelowTheMinimum() {
    LearningRateSchedule s = new PlateauSchedule(1, 0.5, 0, 0.3);
    assertEquals(List.of(0.2, 0.2), rates(s, 0.2, 1.0, 1.0));
  }

  @Test
  void aRestoredPlateauContinuesExactlyLikeTheOriginal() {
    LearningRateSchedule original = Schedules.parse("plateau:patience=3");
    rates(original, 1.0, 4.0, 3.0, 3.5, 3.2);
    Map<String, String> state = original.state();
    assertEquals(Map.of("best", "3.0", "bad-epochs", "2"), state);

    LearningRateSchedule resumed = Schedules.parse(original.spec());
    resumed.restoreState(state);
    assertEquals(rates(original, 1.0, 3.1, 2.0, 2.5), rates(resumed, 1.0, 3.1, 2.0, 2.5));
    assertEquals(original.state(), resumed.state());
  }

  @Test
  void impossibleStatesAreRejected() {
    LearningRateSchedule plateau = Schedules.parse("plateau:patience=2");
    assertThrows(RnnException.class, () -> plateau.restoreState(Map.of("best", "1.0")));
    assertThrows(RnnException.class, () -> plateau.restoreState(Map.of("best", "x", "bad-epochs", "0")));
    assertThrows(RnnException.class, () -> plateau.restoreState(Map.of("best", "1.0", "bad-epochs", "2")));
    RnnException e = assertThrows(RnnException.class,
        () -> Schedules.parse("constant").restoreState(Map.of("best", "1.0")));
    assertTrue(e.getMessage().contains("keeps no state"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"constant", "step:every=5,gamma=0.5", "plateau:patience=2,factor=0.25,threshold=0.001,min=1.0E-5"})
  void specsRoundTrip(String spec) {
    LearningRateSchedule s = Schedules.parse(spec);
    assertEquals(s.spec(), Schedules.parse(s.spec()).spec());
    assertEquals(s.spec(), Schedules.parse(" " + spec.replace(",", " , ").replace("=", " = ") + " ").spec());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "cosine | unknown learning-rate schedule 'cosine' in 'cosine'; allowed: constant, plateau, step",
      "step:gamma=0.5 | schedule 'step' needs 'every'",
      "step:every=5,decay=0.5 | unknown setting 'decay' for schedule 'step'; allowed: every, gamma",
      "plateau:patience=1,min_lr=1e-5 | unknown setting 'min_lr' for schedule 'plateau'; allowed: factor, min, patience, threshold",
      "constant:x=1 | unknown setting 'x' for schedule 'constant'; allowed: (none)",
      "plateau:patience | 'patience' is not a key=value setting",
      "plateau:factor=0.5,factor=0.25 | 'factor' is set twice",
      "plateau:factor=1 | schedule 'plateau': 'factor' (the factor of a reduction) must be in (0, 1), got 1.0",
      "plateau:patience=0 | 'patience' (epochs without improvement before a reduction) must be at least 1",
      "plateau:min=-1 | 'min' (the smallest rate) must be at least 0",
      "step:every=0 | 'every' (epochs between decays) must be at least 1",
      "step:every=2,gamma=0 | 'gamma' (the factor at each decay) must be in (0, 1]",
      "step:every=two | setting 'every' must be an integer, got 'two'",
  })
  void badSpecsFailWithMessagesNamingTheAllowedChoices(String spec, String message) {
    RnnException e = assertThrows(RnnException.class, () -> Schedules.parse(spec));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  /** Calls the schedule once per loss (epochs 1, 2, ...) and returns the rates it chose. */
  private static List<Double> rates(LearningRateSchedule s, double initial, double... losses) {
    List<Double> out = new ArrayList<>();
    double rate = initial;
    for (int epoch = 1; epoch <= losses.length; epoch++) {
      rate = s.next(epoch, rate, losses[epoch - 1]);
      out.add(rate);
    }
    return out;
  }
}
