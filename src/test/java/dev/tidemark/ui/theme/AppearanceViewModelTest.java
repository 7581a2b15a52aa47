package dev.tidemark.ui.theme;

import dev.tidemark.settings.Appearance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's look as a view model, without a toolkit: the executors run inline. */
class AppearanceViewModelTest {

    private final List<Appearance> saved = new ArrayList<>();

    private AppearanceViewModel model(Appearance initial, ColorSchemeProbe probe) {
        return new AppearanceViewModel(initial, saved::add, probe, Runnable::run, Runnable::run);
    }

    @Test
    void followingTheSystemTakesWhatTheSystemPrefers() {
        AppearanceViewModel vm = model(Appearance.DEFAULTS, () -> Optional.of(ColorScheme.DARK));
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.DARK);
        assertThat(vm.systemKnownProperty().get()).isTrue();
    }

    @Test
    void aSystemThatCannotTellMeansLight() {
        AppearanceViewModel vm = model(Appearance.DEFAULTS, ColorSchemeProbe.UNKNOWN);
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);
        assertThat(vm.systemKnownProperty().get()).isFalse();
    }

    @Test
    void aProbeThatFailsMeansLightAndNothingThrown() {
        AppearanceViewModel vm = model(Appearance.DEFAULTS, () -> {
            throw new IllegalStateException("gsettings crashed");
        });
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);
        assertThat(vm.systemKnownProperty().get()).isFalse();
    }

    @Test
    void anExplicitChoiceWinsOverTheSystemAndIsNotAskedAbout() {
        AtomicInteger asked = new AtomicInteger();
        AppearanceViewModel vm = model(new Appearance(Appearance.Theme.LIGHT, 13), () -> {
            asked.incrementAndGet();
            return Optional.of(ColorScheme.DARK);
        });
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);
        assertThat(asked).hasValue(0);

        vm.themeProperty().set(Appearance.Theme.SYSTEM);
        assertThat(asked).hasValue(1);
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.DARK);
        vm.themeProperty().set(Appearance.Theme.LIGHT);
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.LIGHT);
    }

    @Test
    void onlyOneQuestionIsInFlightAtATime() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        AppearanceViewModel vm = new AppearanceViewModel(Appearance.DEFAULTS, saved::add, () -> {
            asked.incrementAndGet();
            return Optional.of(ColorScheme.DARK);
        }, queued::add, Runnable::run);
        vm.refreshSystemScheme();
        vm.refreshSystemScheme();
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(vm.schemeProperty().get()).isEqualTo(ColorScheme.DARK);
        vm.refreshSystemScheme();
        assertThat(queued).hasSize(1);
        assertThat(asked).hasValue(1);
    }

    @Test
    void everyChangeIsSavedAndSizesStayWithinBounds() {
        AppearanceViewModel vm = model(new Appearance(Appearance.Theme.LIGHT, 13), ColorSchemeProbe.UNKNOWN);
        vm.themeProperty().set(Appearance.Theme.DARK);
        vm.larger();
        vm.larger();
        assertThat(saved).containsExactly(new Appearance(Appearance.Theme.DARK, 13),
                new Appearance(Appearance.Theme.DARK, 14), new Appearance(Appearance.Theme.DARK, 15));
        vm.resetFontSize();
        assertThat(vm.current()).isEqualTo(new Appearance(Appearance.Theme.DARK, 13));

        for (int i = 0; i < 40; i++) {
            vm.smaller();
        }
        assertThat(vm.fontSizeProperty().get()).isEqualTo(Appearance.MIN_FONT_SIZE);
        vm.fontSizeProperty().set(500);
        assertThat(vm.fontSizeProperty().get()).isEqualTo(Appearance.MAX_FONT_SIZE);
        assertThat(saved.get(saved.size() - 1).fontSize()).isEqualTo(Appearance.MAX_FONT_SIZE);
        assertThat(saved).allSatisfy(a -> assertThat(a.fontSize())
                .isBetween(Appearance.MIN_FONT_SIZE, Appearance.MAX_FONT_SIZE));
    }
}
