package dev.tidemark.ui.markdown;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The little a {@link SyntaxHighlighter} needs to know about a language: its words, how its
 * comments and strings look, and a few switches. Data only; the scanner is shared.
 */
record Grammar(
        String name,
        Set<String> keywords,
        Set<String> literals,
        boolean ignoreCase,
        List<LineComment> lineComments,
        String blockCommentOpen,
        String blockCommentClose,
        String quotes,
        String multilineQuotes,
        boolean tripleQuotes,
        Set<String> stringPrefixes,
        boolean unclosedStringIsText,
        String extraWordChars,
        boolean annotations,
        boolean preprocessor,
        boolean variables,
        boolean keysBeforeColon,
        boolean yamlKeys,
        boolean types,
        boolean functions) {

    /** Where a line comment marker counts as a comment. */
    enum Where { ANYWHERE, AFTER_SPACE, LINE_START }

    record LineComment(String marker, Where where) {
    }

    static Grammar forLanguage(String language) {
        String key = language == null ? "" : language.toLowerCase(Locale.ROOT);
        return BY_NAME.getOrDefault(key, GENERIC);
    }

    private static Set<String> words(String spaceSeparated) {
        return Set.copyOf(List.of(spaceSeparated.trim().split("\\s+")));   // copyOf: repeats are fine
    }

    private static final List<LineComment> SLASHES = List.of(new LineComment("//", Where.ANYWHERE));
    private static final List<LineComment> HASH = List.of(new LineComment("#", Where.ANYWHERE));

    private static Grammar cLike(String name, String keywords, String literals, String quotes, String multiline,
                                 boolean tripleQuotes, boolean annotations, boolean preprocessor) {
        return new Grammar(name, words(keywords), words(literals), false, SLASHES, "/*", "*/", quotes, multiline,
                tripleQuotes, Set.of(), false, "", annotations, preprocessor, false, false, false, true, true);
    }

    static final Grammar JAVA = cLike("java", """
            abstract assert boolean break byte case catch char class const continue default do double else enum
            extends final finally float for goto if implements import instanceof int interface long native new
            package private protected public return short static strictfp super switch synchronized this throw
            throws transient try void volatile while var record sealed permits yield non-sealed
            """, "true false null", "\"'", "", true, true, false);

    static final Grammar KOTLIN = cLike("kotlin", """
            as break class continue do else for fun if in interface is object package return super this throw
            try typealias typeof val var when while by catch constructor delegate dynamic field file finally get
            import init param property receiver set setparam where actual abstract annotation companion const
            crossinline data enum expect external final infix inline inner internal lateinit noinline open
            operator out override private protected public reified sealed suspend tailrec vararg
            """, "true false null", "\"'", "", true, true, false);

    static final Grammar JAVASCRIPT = new Grammar("javascript", words("""
            break case catch class const continue debugger default delete do else export extends finally for
            function if import in instanceof let new return super switch this throw try typeof var void while
            with yield async await of static get set from as
            interface type enum implements private protected public readonly declare namespace abstract
            keyof infer is module satisfies any number string boolean unknown never object symbol bigint
            """), words("true false null undefined NaN Infinity"), false, SLASHES, "/*", "*/", "\"'`", "`",
            false, Set.of(), false, "$", true, false, false, false, false, true, true);

    static final Grammar PYTHON = new Grammar("python", words("""
            and as assert async await break class continue def del elif else except finally for from global if
            import in is lambda nonlocal not or pass raise return try while with yield match case
            """), words("True False None"), false, HASH, null, null, "\"'", "", true,
            Set.of("f", "r", "b", "u", "rb", "br", "fr", "rf", "F", "R", "B", "U", "Rb", "bR", "RB", "BR", "fR",
                    "Fr", "FR", "rF", "Rf", "RF"),
            false, "", true, false, false, false, false, true, true);

    static final Grammar JSON = new Grammar("json", Set.of(), words("true false null"), false, SLASHES, "/*", "*/",
            "\"", "", false, Set.of(), false, "", false, false, false, true, false, false, false);

    static final Grammar BASH = new Grammar("bash", words("""
            if then else elif fi case esac for while until do done in function select return exit local export
            readonly declare unset shift break continue source alias time trap eval exec set
            """), words("true false"), false, List.of(new LineComment("#", Where.AFTER_SPACE)), null, null, "\"'",
            "\"'", false, Set.of(), false, "", false, false, true, false, false, false, true);

    static final Grammar SQL = new Grammar("sql", words("""
            select from where and or not insert into values update set delete create table drop alter add column
            index primary key foreign references join inner left right outer full cross on as group by order
            having limit offset distinct union all case when then else end is like ilike in between exists
            default constraint unique check view begin commit rollback transaction returning with recursive asc
            desc if replace temporary temp database schema grant revoke cascade truncate explain analyze over
            partition window using natural int integer bigint smallint text varchar char boolean date timestamp
            numeric decimal real serial float double precision
            """), words("true false null"), true, List.of(new LineComment("--", Where.ANYWHERE)), "/*", "*/",
            "'\"", "'", false, Set.of(), false, "", false, false, false, false, false, false, true);

    static final Grammar YAML = new Grammar("yaml", Set.of(), words("true false null yes no on off True False Null ~"),
            false, List.of(new LineComment("#", Where.AFTER_SPACE)), null, null, "\"'", "", false, Set.of(), false,
            "-.", false, false, false, true, true, false, false);

    static final Grammar C = cLike("c", """
            auto break case char const continue default do double else enum extern float for goto if inline int
            long register restrict return short signed sizeof static struct switch typedef union unsigned void
            volatile while bool
            class namespace template typename public private protected virtual override final new delete this
            using try catch throw operator friend explicit constexpr nullptr_t noexcept static_cast
            dynamic_cast reinterpret_cast const_cast auto decltype mutable
            """, "true false NULL nullptr", "\"'", "", false, false, true);

    static final Grammar CSHARP = cLike("csharp", """
            abstract as base bool break byte case catch char checked class const continue decimal default delegate
            do double else enum event explicit extern finally fixed float for foreach goto if implicit in int
            interface internal is lock long namespace new object operator out override params private protected
            public readonly ref return sbyte sealed short sizeof stackalloc static string struct switch this throw
            try typeof uint ulong unchecked unsafe ushort using virtual void volatile while var async await record
            get set init yield
            """, "true false null", "\"'", "", false, true, true);

    static final Grammar GO = cLike("go", """
            break case chan const continue default defer else fallthrough for func go goto if import interface map
            package range return select struct switch type var string int int64 int32 uint byte rune bool error
            float64 float32 any
            """, "true false nil iota", "\"'`", "`", false, false, false);

    static final Grammar RUST = cLike("rust", """
            as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod
            move mut pub ref return self Self static struct super trait type unsafe use where while i8 i16 i32 i64
            i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String
            """, "true false None Some Ok Err", "\"", "\"", false, false, false);

    /** No language given, or one we do not know: strings, numbers and obvious comments only. */
    static final Grammar GENERIC = new Grammar("", Set.of(), words("true false null"), false,
            List.of(new LineComment("//", Where.AFTER_SPACE), new LineComment("#", Where.LINE_START)),
            "/*", "*/", "\"'", "", false, Set.of(), true, "", false, false, false, false, false, false, false);

    private static final Map<String, Grammar> BY_NAME = Map.ofEntries(
            Map.entry("java", JAVA),
            Map.entry("kotlin", KOTLIN), Map.entry("kt", KOTLIN), Map.entry("kts", KOTLIN),
            Map.entry("javascript", JAVASCRIPT), Map.entry("js", JAVASCRIPT), Map.entry("jsx", JAVASCRIPT),
            Map.entry("mjs", JAVASCRIPT), Map.entry("cjs", JAVASCRIPT), Map.entry("node", JAVASCRIPT),
            Map.entry("typescript", JAVASCRIPT), Map.entry("ts", JAVASCRIPT), Map.entry("tsx", JAVASCRIPT),
            Map.entry("mts", JAVASCRIPT),
            Map.entry("python", PYTHON), Map.entry("py", PYTHON), Map.entry("python3", PYTHON),
            Map.entry("py3", PYTHON),
            Map.entry("json", JSON), Map.entry("jsonc", JSON), Map.entry("json5", JSON),
            Map.entry("bash", BASH), Map.entry("sh", BASH), Map.entry("shell", BASH), Map.entry("zsh", BASH),
            Map.entry("console", BASH), Map.entry("shell-session", BASH), Map.entry("terminal", BASH),
            Map.entry("ksh", BASH),
            Map.entry("sql", SQL), Map.entry("mysql", SQL), Map.entry("postgresql", SQL), Map.entry("postgres", SQL),
            Map.entry("psql", SQL), Map.entry("sqlite", SQL), Map.entry("plsql", SQL), Map.entry("tsql", SQL),
            Map.entry("yaml", YAML), Map.entry("yml", YAML),
            Map.entry("c", C), Map.entry("h", C), Map.entry("cpp", C), Map.entry("c++", C), Map.entry("cc", C),
            Map.entry("cxx", C), Map.entry("hpp", C),
            Map.entry("csharp", CSHARP), Map.entry("cs", CSHARP), Map.entry("c#", CSHARP),
            Map.entry("go", GO), Map.entry("golang", GO),
            Map.entry("rust", RUST), Map.entry("rs", RUST));

    boolean isKeyword(String word) {
        return keywords.contains(ignoreCase ? word.toLowerCase(Locale.ROOT) : word);
    }

    boolean isLiteral(String word) {
        return literals.contains(ignoreCase ? word.toLowerCase(Locale.ROOT) : word);
    }
}
