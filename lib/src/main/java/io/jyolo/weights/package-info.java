/**
 * Pretrained weights from other tools' files: darknet {@code .weights}
 * ({@link io.jyolo.weights.DarknetWeights}, the paper's Extraction backbone and the darknet
 * reference network) loaded into a {@link io.jyolo.model.YoloNetwork}'s backbone, and PyTorch
 * {@code state_dict}s saved as {@code .safetensors} ({@link io.jyolo.weights.SafetensorsFile},
 * {@link io.jyolo.weights.StateDictLoad}) loaded by name, which is how torchvision's ImageNet
 * ResNets reach the ResNet networks ({@link io.jyolo.weights.TorchvisionWeights}). Every shape is
 * checked before a value is written, and a file that does not fit says so in one line naming the
 * file and the layer. Depends only on the model and engine packages.
 */
package io.jyolo.weights;
