package dev.tidemark.health;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ProblemText} has words for every kind of {@link Problem}, in every area. */
class ProblemTextTest {

    @Test
    void everyKindOfProblemHasWordsInEveryArea() throws Exception {
        Class<?>[] kinds = Problem.class.getPermittedSubclasses();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(9);
        for (Class<?> kind : kinds) {
            for (Problem.Area area : Problem.Area.values()) {
                Problem problem = example(kind, area);
                assertThat(ProblemText.of(problem)).as("%s in %s", kind.getSimpleName(), area)
                        .isNotBlank().doesNotContain("null");
            }
        }
    }

    @Test
    void aSettingNotUsedSaysWhichWhyAndWhatInstead() {
        assertThat(new Problem.SettingIgnored("appearance.fontSize", "must be 10 to 24", "using 14").message())
                .isEqualTo("settings.json: appearance.fontSize must be 10 to 24; using 14.");
    }

    /** An instance of a record kind: its area where it has one, words for its texts. */
    private static Problem example(Class<?> kind, Problem.Area area) throws Exception {
        RecordComponent[] components = kind.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = types[i] == Problem.Area.class ? area : "the " + components[i].getName();
        }
        Constructor<?> constructor = kind.getDeclaredConstructor(types);
        return (Problem) constructor.newInstance(values);
    }
}
