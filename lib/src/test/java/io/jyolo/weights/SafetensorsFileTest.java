package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    private static short bf16(float value) {
        return (short) (Float.floatToIntBits(value) >>> 16);
    }

    @Test
    void readsF32F16AndBf16TensorsWithTheirShapes() throws IOException {
        float[] f32 = {1.5f, -2.25f, 3e-7f, 1e20f, 0f, -0f};
        short[] f16 = {0x3c00, (short) 0xc000, 0x3555, 0x0001, 0x7bff, 0x7c00, (short) 0x8400, 0x0000};
        float[] f16Values = {1f, -2f, 0.333251953125f, 0x1p-24f, 65504f, Float.POSITIVE_INFINITY, -0x1p-14f, 0f};
        float[] bf16Values = {1.5f, -3.25f, 0.0078125f, 256f};
        short[] bf16 = new short[bf16Values.length];
        for (int i = 0; i < bf16.length; i++) {
            bf16[i] = bf16(bf16Values[i]);
        }
        Path file = new SafetensorsWriter()
                .f32("conv1.weight", new long[] {2, 3}, f32)
                .bits16("bn1.weight", "F16", new long[] {8}, f16)
                .bits16("layer1.0.conv1.weight", "BF16", new long[] {1, 2, 2}, bf16)
                .raw("bn1.num_batches_tracked", "I64", new long[] {}, new byte[] {42, 1, 0, 0, 0, 0, 0, 0})
                .write(dir.resolve("mixed.safetensors"));

        SafetensorsFile read = SafetensorsFile.open(file);

        assertEquals(List.of("conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "bn1.num_batches_tracked"),
                List.copyOf(read.tensors().keySet()));
        assertArrayEquals(f32, read.floats("conv1.weight"));
        assertArrayEquals(f16Values, read.floats("bn1.weight"));
        assertArrayEquals(bf16Values, read.floats("layer1.0.conv1.weight"));
        assertArrayEquals(new float[] {298f}, read.floats("bn1.num_batches_tracked"));
        assertEquals("scalar", read.tensor("bn1.num_batches_tracked").shapeText());
        SafeTensor tensor = read.tensor("layer1.0.conv1.weight");
        assertEquals(SafetensorsDtype.BF16, tensor.dtype());
        assertEquals("1x2x2", tensor.shapeText());
        assertTrue(Float.isNaN(SafetensorsDtype.halfToFloat((short) 0x7e00)));
    }

    @Test
    void everyHalfDecodesToTheFloatWithTheSameValue() {
        // binary16 values are k * 2^(e-25) exactly; check the decoder against that definition
        for (int bits = 0; bits < 0x7c00; bits++) {
            int exponent = bits >>> 10;
            int mantissa = bits & 0x3ff;
            double expected = exponent == 0 ? mantissa * Math.pow(2, -24)
                    : (1024 + mantissa) * Math.pow(2, exponent - 25);
            assertEquals((float) expected, SafetensorsDtype.halfToFloat((short) bits), "bits " + bits);
            assertEquals((float) -expected, SafetensorsDtype.halfToFloat((short) (bits | 0x8000)), "bits -" + bits);
        }
    }

    @Test
    void aTruncatedFileNamesTheTensorWhoseDataIsCut() throws IOException {
        Path file = new SafetensorsWriter()
                .f32("a", new long[] {4}, new float[4])
                .f32("b", new long[] {16}, new float[16])
                .write(dir.resolve("cut.safetensors"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));

        WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> SafetensorsFile.open(file));
        assertEquals(file + ": tensor 'b' has data_offsets [16, 80] outside the 70 data bytes (file truncated?)",
                e.getMessage());
    }

    @Test
    void aHeaderThatLiesAboutSizeOrTypeNamesTheTensor() throws IOException {
        Path span = new SafetensorsWriter()
                .raw("fc.weight", "F32", new long[] {2, 3}, new byte[20])
                .write(dir.resolve("span.safetensors"));
        assertEquals(span + ": tensor 'fc.weight' is F32 2x3 (24 bytes) but its data_offsets span 20 bytes",
                assertThrows(WeightsFormatException.class, () -> SafetensorsFile.open(span)).getMessage());

        Path dtype = new SafetensorsWriter()
                .raw("conv1.weight", "F8_E5M2", new long[] {8}, new byte[8])
                .write(dir.resolve("dtype.safetensors"));
        assertEquals(dtype + ": tensor 'conv1.weight' has dtype F8_E5M2; jyolo reads F32, F16, BF16, F64, I64 and I32",
                assertThrows(WeightsFormatException.class, () -> SafetensorsFile.open(dtype)).getMessage());
    }

    @Test
    void notASafetensorsFileIsOneLine() throws IOException {
        Path darknet = dir.resolve("extraction.conv.weights");
        Files.write(darknet, new byte[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 1, 2, 3, 4});
        WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> SafetensorsFile.open(darknet));
        assertEquals(darknet + ": not a safetensors file (header length 4294967296 for a file of 20 bytes)",
                e.getMessage());

        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {4, 0, 0, 0, 0, 0, 0, 0, '[', '1', ',', ']'});
        WeightsFormatException json = assertThrows(WeightsFormatException.class, () -> SafetensorsFile.open(garbage));
        assertTrue(json.getMessage().startsWith(garbage + ": the safetensors header is not a JSON object"),
                json.getMessage());
        assertTrue(!json.getMessage().contains("\n"));
    }
}
