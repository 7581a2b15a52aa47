package dev.tidemark.ui.markdown;

/** What a highlighted stretch of code is; each kind is one style class that markdown.css colours. */
public enum TokenKind {
    KEYWORD("tok-keyword"),
    STRING("tok-string"),
    COMMENT("tok-comment"),
    NUMBER("tok-number"),
    /** true, false, null, None, undefined … */
    LITERAL("tok-literal"),
    TYPE("tok-type"),
    FUNCTION("tok-function"),
    /** Java/Kotlin annotations, Python/TypeScript decorators, C preprocessor lines. */
    ANNOTATION("tok-annotation"),
    /** A JSON or YAML key. */
    KEY("tok-key"),
    /** A shell variable: $HOME, ${name}, $1. */
    VARIABLE("tok-variable");

    private final String styleClass;

    TokenKind(String styleClass) {
        this.styleClass = styleClass;
    }

    public String styleClass() {
        return styleClass;
    }
}
