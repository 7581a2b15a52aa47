package dev.tidemark.settings;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code SecretSchema} handed to libsecret is laid out as {@code secret-schema.h} declares it. */
class LibSecretKeychainTest {

    @Test
    void theSchemaHasLibsecretsLayout() {
        LibSecretKeychain.Schema schema = LibSecretKeychain.Schema.tidemark();
        int pointer = Native.POINTER_SIZE;
        int attribute = pointer == 8 ? 16 : 8; // const gchar *name; enum type; padded to the pointer
        int attributes = align(pointer + 4, pointer);
        int reserved = attributes + 32 * attribute;
        int reserved1 = align(reserved + 4, pointer);

        assertThat(new LibSecretKeychain.Attribute().size()).isEqualTo(attribute);
        assertThat(schema.offsetOf("name")).isZero();
        assertThat(schema.offsetOf("flags")).isEqualTo(pointer);
        assertThat(schema.offsetOf("attributes")).isEqualTo(attributes);
        assertThat(schema.offsetOf("reserved")).isEqualTo(reserved);
        assertThat(schema.offsetOf("reserved1")).isEqualTo(reserved1);
        assertThat(schema.offsetOf("reserved7")).isEqualTo(reserved1 + 6 * pointer);
        assertThat(schema.size()).isEqualTo(reserved1 + 7 * pointer);
        if (pointer == 8) {
            assertThat(schema.size()).isEqualTo(592); // sizeof (SecretSchema) on x86_64 and aarch64 Linux
        }
    }

    @Test
    void theSchemaNamesTheAttributesJavaKeyringWroteAndIgnoresTheSchemaNameOnLookup() {
        LibSecretKeychain.Schema schema = LibSecretKeychain.Schema.tidemark();

        assertThat(schema.flags).isEqualTo(1 << 1); // SECRET_SCHEMA_DONT_MATCH_NAME
        assertThat(schema.attributes[0].name).isEqualTo("service");
        assertThat(schema.attributes[1].name).isEqualTo("account");
        assertThat(schema.attributes[0].type).isZero(); // SECRET_SCHEMA_ATTRIBUTE_STRING
        assertThat(schema.attributes[2].name).isNull(); // the list ends with a NULL name
        // what libsecret reads: the pointers in native memory
        assertThat(schema.getPointer().getPointer(0).getString(0)).isEqualTo("dev.tidemark.ApiKey");
        int second = schema.offsetOf("attributes") + new LibSecretKeychain.Attribute().size();
        assertThat(schema.getPointer().getPointer(second).getString(0)).isEqualTo("account");
        assertThat(schema.getPointer().getPointer(second + new LibSecretKeychain.Attribute().size())).isNull();
    }

    private static int align(int offset, int to) {
        return (offset + to - 1) / to * to;
    }
}
