/**
 * Deliberately wrong classes, one small copy of Tidemark's layers ({@code model}, {@code provider},
 * {@code journal}, {@code session}, {@code chat}, {@code settings}, {@code history}, {@code ui.*},
 * {@code cli}), each breaking one rule of {@code ArchitectureRules}; {@code ArchitectureTest} checks
 * that every rule reports them. Never used by anything else.
 */
package dev.tidemark.archfixtures;
