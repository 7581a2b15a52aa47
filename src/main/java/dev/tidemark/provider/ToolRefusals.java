package dev.tidemark.provider;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A service saying that the model cannot use tools, recognised from the HTTP answer to a request
 * that offered them, and the words the reply's error then carries. The services' own words
 * (reported in their trackers; see {@code docs/providers.md}, "Tools on the wire"):
 * <ul>
 *   <li>Ollama, 400: {@code {"error":"registry.ollama.ai/library/gemma3:4b does not support tools"}}
 *       (its {@code /v1} endpoint: the same words under {@code error.message}; ollama/ollama#5793, #14795);</li>
 *   <li>llama.cpp without {@code --jinja}, 500: "tools param requires --jinja flag" (containers/ramalama#988);</li>
 *   <li>vLLM without {@code --enable-auto-tool-choice}, 400: "\"auto\" tool choice requires
 *       --enable-auto-tool-choice and --tool-call-parser to be set" (vllm-project/vllm#9986);</li>
 *   <li>OpenRouter, 404: "No endpoints found that support tool use. …" (pydantic/pydantic-ai#2896);</li>
 *   <li>others, in words like "does not support function calling" or "tools are not supported"
 *       (LM Studio, DeepSeek's reasoner).</li>
 * </ul>
 */
public final class ToolRefusals {

    /** How a refusal's words begin; {@code chat} may look for it. */
    public static final String LEAD = "This model cannot use tools. Switch tools off for this chat and send again.";

    private static final Set<Integer> STATUSES = Set.of(400, 404, 422, 500);
    private static final Pattern WORDS = Pattern.compile("(?i)"
            + "(does not|doesn't|do not|cannot|can't) support (tools|tool use|tool calls|tool calling|function calling"
            + "|function calls)"
            + "|tools param requires --jinja"
            + "|tool choice requires --enable-auto-tool-choice"
            + "|no endpoints found that support tool use"
            + "|(tools|tool use|tool calling|function calling) (is|are) not supported");

    private ToolRefusals() {
    }

    /** True when this answer to a request that offered tools says the model cannot use them. */
    static boolean refused(int status, String detail) {
        return STATUSES.contains(status) && detail != null && WORDS.matcher(detail).find();
    }

    /** The words of a refusal: {@link #LEAD}, then the service's own answer for reference. */
    static String words(String service, int status, String said) {
        return LEAD + " (" + service + " answered HTTP " + status + (said.isBlank() ? "" : ": " + said) + ")";
    }

    /** True when a reply's error words are a tool refusal's. */
    public static boolean isRefusal(String words) {
        return words != null && words.startsWith(LEAD);
    }
}
