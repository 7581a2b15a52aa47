package dev.tidemark.chat;

/** The test MCP server, started once for a test class, as the tool loop's host. */
final class LoopTools implements AutoCloseable {

    private final SdkToolHost host;

    private LoopTools(SdkToolHost host) {
        this.host = host;
    }

    static LoopTools start() {
        SdkToolHost host = new SdkToolHost();
        host.ready().join();
        return new LoopTools(host);
    }

    ToolHost host() {
        return host;
    }

    /** The server's name as configured. */
    String server() {
        return SdkToolHost.SERVER;
    }

    /** The name the model is offered this tool of the test server by. */
    String wireName(String tool) {
        return host.offered().stream().filter(t -> t.tool().equals(tool)).findFirst().orElseThrow().wireName();
    }

    @Override
    public void close() {
        host.close();
    }
}
