package dev.tidemark.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configs pasted or imported from other clients, as they are. */
class McpConfigImportTest {

    @TempDir
    Path dir;

    @Test
    void claudeDesktopsFileWithItsOtherPreferences() throws Exception {
        Path file = dir.resolve("claude_desktop_config.json");
        Files.writeString(file, """
                {
                  "globalShortcut": "Ctrl+Space",
                  "mcpServers": {
                    "filesystem": {
                      "command": "npx",
                      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/Desktop"]
                    },
                    "github": {
                      "command": "docker",
                      "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
                      "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abc"}
                    }
                  }
                }
                """);
        McpConfigImport.Parsed parsed = McpConfigImport.readFile(file);
        assertThat(parsed.skipped()).isEmpty();
        assertThat(parsed.servers()).extracting(McpServerConfig::name).containsExactly("filesystem", "github");
        assertThat(parsed.servers().get(0).args()).containsExactly("-y", "@modelcontextprotocol/server-filesystem",
                "/home/me/Desktop");
        assertThat(parsed.servers().get(1).env()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "ghp_abc");
    }

    @Test
    void cursorsMcpJsonWithAUrlAndHeaders() throws Exception {
        Path file = dir.resolve("mcp.json");
        Files.writeString(file, """
                {"mcpServers": {"remote": {"url": "https://mcp.example.org/mcp",
                  "headers": {"Authorization": "Bearer xyz"}, "disabled": true, "alwaysAllow": ["search"]}}}""");
        McpServerConfig remote = McpConfigImport.readFile(file).servers().get(0);
        assertThat(remote.isStdio()).isFalse();
        assertThat(remote.url()).isEqualTo("https://mcp.example.org/mcp");
        assertThat(remote.headers()).containsEntry("Authorization", "Bearer xyz");
        assertThat(remote.enabled()).isFalse();
        assertThat(remote.alwaysAllow()).containsExactly("search");
    }

    @Test
    void vsCodesServersWithTheirTypeAndInputs() throws Exception {
        McpConfigImport.Parsed parsed = McpConfigImport.parse("""
                {"inputs": [{"type": "promptString", "id": "token", "password": true}],
                 "servers": {
                   "playwright": {"type": "stdio", "command": "npx", "args": ["@playwright/mcp@latest"]},
                   "api": {"type": "http", "url": "https://api.example.org/mcp"}}}""");
        assertThat(parsed.servers()).extracting(McpServerConfig::name).containsExactly("playwright", "api");
        assertThat(parsed.servers().get(0).isStdio()).isTrue();
        assertThat(parsed.servers().get(1).url()).isEqualTo("https://api.example.org/mcp");
    }

    @Test
    void theInnerObjectAloneAndOneEntry() throws Exception {
        assertThat(McpConfigImport.parse("""
                {"a": {"command": "a-server"}, "b": {"url": "http://127.0.0.1:8080/mcp"}}""").servers())
                .extracting(McpServerConfig::name).containsExactly("a", "b");
        assertThat(McpConfigImport.parse("  {\"memory\": {\"command\": \"npx\", \"args\": [\"-y\","
                + " \"@modelcontextprotocol/server-memory\"]}}\n").servers())
                .containsExactly(McpServerConfig.stdio("memory", "npx",
                        List.of("-y", "@modelcontextprotocol/server-memory"), Map.of(), null));
    }

    @Test
    void malformedJsonIsOneClearMessageWithLineAndColumn() {
        assertThatThrownBy(() -> McpConfigImport.parse("{\"mcpServers\": {\n  \"a\": {\"command\": \"x\",}\n}}"))
                .isInstanceOf(McpConfigImport.ImportException.class)
                .hasMessageStartingWith("The pasted config is not valid JSON at line 2, column ")
                .hasMessageEndingWith("nothing was changed.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\n")
                        .doesNotContain("Source:"));
        assertThatThrownBy(() -> McpConfigImport.parse("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> McpConfigImport.parse("[1, 2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> McpConfigImport.parse("{\"command\": \"npx\"}"))
                .hasMessageContaining("one server without a name");
        assertThatThrownBy(() -> McpConfigImport.parse("{\"theme\": \"dark\"}"))
                .hasMessageContaining("has no \"mcpServers\"");
        assertThatThrownBy(() -> McpConfigImport.parse("{\"mcpServers\": {}}"))
                .hasMessageContaining("names no MCP server");
        assertThatThrownBy(() -> McpConfigImport.readFile(dir.resolve("nope.json")))
                .hasMessageContaining("does not exist; nothing was imported");
    }

    @Test
    void anEntryThatCannotBeUsedIsSkippedWithItsReasonAndTheOthersKept() throws Exception {
        McpConfigImport.Parsed parsed = McpConfigImport.parse("""
                {"mcpServers": {"good": {"command": "ok"}, "bad": {"args": ["no command"]}}}""");
        assertThat(parsed.servers()).extracting(McpServerConfig::name).containsExactly("good");
        assertThat(parsed.skipped()).singleElement().asString().contains("\"bad\"").contains("\"command\"");
    }

    @Test
    void aFreeNameForAClash() {
        assertThat(McpConfigImport.freeName("github", Set.of("github", "github-2"))).isEqualTo("github-3");
        assertThat(McpConfigImport.freeName("fs", Set.of("github"))).isEqualTo("fs");
    }
}
