import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace caffe {

    enum Phase {
        TRAIN = 0,
        TEST = 1
    }

    interface IBlobShape extends caffe.BlobShape.$Properties {
    }

    class BlobShape {
        constructor(properties?: caffe.BlobShape.$Properties);
        $unknowns?: Uint8Array[];
        dim: (number|Long)[];
        static create(properties: caffe.BlobShape.$Shape): caffe.BlobShape & caffe.BlobShape.$Shape;
        static create(properties?: caffe.BlobShape.$Properties): caffe.BlobShape;
        static encode(message: caffe.BlobShape.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.BlobShape & caffe.BlobShape.$Shape;
    }

    namespace BlobShape {
        interface $Properties {
            dim?: ((number|Long)[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.BlobShape.$Properties;
    }

    interface IBlobProto extends caffe.BlobProto.$Properties {
    }

    class BlobProto {
        constructor(properties?: caffe.BlobProto.$Properties);
        $unknowns?: Uint8Array[];
        shape?: (caffe.BlobShape.$Properties|null);
        data: number[];
        diff: number[];
        double_data: number[];
        double_diff: number[];
        num: number;
        channels: number;
        height: number;
        width: number;
        static create(properties: caffe.BlobProto.$Shape): caffe.BlobProto & caffe.BlobProto.$Shape;
        static create(properties?: caffe.BlobProto.$Properties): caffe.BlobProto;
        static encode(message: caffe.BlobProto.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.BlobProto & caffe.BlobProto.$Shape;
    }

    namespace BlobProto {
        interface $Properties {
            shape?: (caffe.BlobShape.$Properties|null);
            data?: (number[]|null);
            diff?: (number[]|null);
            double_data?: (number[]|null);
            double_diff?: (number[]|null);
            num?: (number|null);
            channels?: (number|null);
            height?: (number|null);
            width?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.BlobProto.$Properties;
    }

    interface IBlobProtoVector extends caffe.BlobProtoVector.$Properties {
    }

    class BlobProtoVector {
        constructor(properties?: caffe.BlobProtoVector.$Properties);
        $unknowns?: Uint8Array[];
        blobs: caffe.BlobProto.$Properties[];
        static create(properties: caffe.BlobProtoVector.$Shape): caffe.BlobProtoVector & caffe.BlobProtoVector.$Shape;
        static create(properties?: caffe.BlobProtoVector.$Properties): caffe.BlobProtoVector;
        static encode(message: caffe.BlobProtoVector.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.BlobProtoVector & caffe.BlobProtoVector.$Shape;
    }

    namespace BlobProtoVector {
        interface $Properties {
            blobs?: (caffe.BlobProto.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.BlobProtoVector.$Properties;
    }

    interface IFillerParameter extends caffe.FillerParameter.$Properties {
    }

    class FillerParameter {
        constructor(properties?: caffe.FillerParameter.$Properties);
        $unknowns?: Uint8Array[];
        type: string;
        value: number;
        min: number;
        max: number;
        mean: number;
        std: number;
        sparse: number;
        variance_norm: caffe.FillerParameter.VarianceNorm;
        static create(properties: caffe.FillerParameter.$Shape): caffe.FillerParameter & caffe.FillerParameter.$Shape;
        static create(properties?: caffe.FillerParameter.$Properties): caffe.FillerParameter;
        static encode(message: caffe.FillerParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.FillerParameter & caffe.FillerParameter.$Shape;
    }

    namespace FillerParameter {
        interface $Properties {
            type?: (string|null);
            value?: (number|null);
            min?: (number|null);
            max?: (number|null);
            mean?: (number|null);
            std?: (number|null);
            sparse?: (number|null);
            variance_norm?: (caffe.FillerParameter.VarianceNorm|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.FillerParameter.$Properties;

        enum VarianceNorm {
            FAN_IN = 0,
            FAN_OUT = 1,
            AVERAGE = 2
        }
    }

    interface INetParameter extends caffe.NetParameter.$Properties {
    }

    class NetParameter {
        constructor(properties?: caffe.NetParameter.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        input: string[];
        input_shape: caffe.BlobShape.$Properties[];
        input_dim: number[];
        force_backward: boolean;
        state?: (caffe.NetState.$Properties|null);
        debug_info: boolean;
        layer: caffe.LayerParameter.$Properties[];
        layers: caffe.V1LayerParameter.$Properties[];
        static create(properties: caffe.NetParameter.$Shape): caffe.NetParameter & caffe.NetParameter.$Shape;
        static create(properties?: caffe.NetParameter.$Properties): caffe.NetParameter;
        static encode(message: caffe.NetParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.NetParameter & caffe.NetParameter.$Shape;
    }

    namespace NetParameter {
        interface $Properties {
            name?: (string|null);
            input?: (string[]|null);
            input_shape?: (caffe.BlobShape.$Properties[]|null);
            input_dim?: (number[]|null);
            force_backward?: (boolean|null);
            state?: (caffe.NetState.$Properties|null);
            debug_info?: (boolean|null);
            layer?: (caffe.LayerParameter.$Properties[]|null);
            layers?: (caffe.V1LayerParameter.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.NetParameter.$Properties;
    }

    interface ISolverParameter extends caffe.SolverParameter.$Properties {
    }

    class SolverParameter {
        constructor(properties?: caffe.SolverParameter.$Properties);
        $unknowns?: Uint8Array[];
        net: string;
        net_param?: (caffe.NetParameter.$Properties|null);
        train_net: string;
        test_net: string[];
        train_net_param?: (caffe.NetParameter.$Properties|null);
        test_net_param: caffe.NetParameter.$Properties[];
        train_state?: (caffe.NetState.$Properties|null);
        test_state: caffe.NetState.$Properties[];
        test_iter: number[];
        test_interval: number;
        test_compute_loss: boolean;
        test_initialization: boolean;
        base_lr: number;
        display: number;
        average_loss: number;
        max_iter: number;
        iter_size: number;
        lr_policy: string;
        gamma: number;
        power: number;
        momentum: number;
        weight_decay: number;
        regularization_type: string;
        stepsize: number;
        stepvalue: number[];
        clip_gradients: number;
        snapshot: number;
        snapshot_prefix: string;
        snapshot_diff: boolean;
        snapshot_format: caffe.SolverParameter.SnapshotFormat;
        solver_mode: caffe.SolverParameter.SolverMode;
        device_id: number;
        random_seed: (number|Long);
        type: string;
        delta: number;
        momentum2: number;
        rms_decay: number;
        debug_info: boolean;
        snapshot_after_train: boolean;
        solver_type: caffe.SolverParameter.SolverType;
        static create(properties: caffe.SolverParameter.$Shape): caffe.SolverParameter & caffe.SolverParameter.$Shape;
        static create(properties?: caffe.SolverParameter.$Properties): caffe.SolverParameter;
        static encode(message: caffe.SolverParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.SolverParameter & caffe.SolverParameter.$Shape;
    }

    namespace SolverParameter {
        interface $Properties {
            net?: (string|null);
            net_param?: (caffe.NetParameter.$Properties|null);
            train_net?: (string|null);
            test_net?: (string[]|null);
            train_net_param?: (caffe.NetParameter.$Properties|null);
            test_net_param?: (caffe.NetParameter.$Properties[]|null);
            train_state?: (caffe.NetState.$Properties|null);
            test_state?: (caffe.NetState.$Properties[]|null);
            test_iter?: (number[]|null);
            test_interval?: (number|null);
            test_compute_loss?: (boolean|null);
            test_initialization?: (boolean|null);
            base_lr?: (number|null);
            display?: (number|null);
            average_loss?: (number|null);
            max_iter?: (number|null);
            iter_size?: (number|null);
            lr_policy?: (string|null);
            gamma?: (number|null);
            power?: (number|null);
            momentum?: (number|null);
            weight_decay?: (number|null);
            regularization_type?: (string|null);
            stepsize?: (number|null);
            stepvalue?: (number[]|null);
            clip_gradients?: (number|null);
            snapshot?: (number|null);
            snapshot_prefix?: (string|null);
            snapshot_diff?: (boolean|null);
            snapshot_format?: (caffe.SolverParameter.SnapshotFormat|null);
            solver_mode?: (caffe.SolverParameter.SolverMode|null);
            device_id?: (number|null);
            random_seed?: (number|Long|null);
            type?: (string|null);
            delta?: (number|null);
            momentum2?: (number|null);
            rms_decay?: (number|null);
            debug_info?: (boolean|null);
            snapshot_after_train?: (boolean|null);
            solver_type?: (caffe.SolverParameter.SolverType|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.SolverParameter.$Properties;

        enum SnapshotFormat {
            HDF5 = 0,
            BINARYPROTO = 1
        }

        enum SolverMode {
            CPU = 0,
            GPU = 1
        }

        enum SolverType {
            SGD = 0,
            NESTEROV = 1,
            ADAGRAD = 2,
            RMSPROP = 3,
            ADADELTA = 4,
            ADAM = 5
        }
    }

    interface ISolverState extends caffe.SolverState.$Properties {
    }

    class SolverState {
        constructor(properties?: caffe.SolverState.$Properties);
        $unknowns?: Uint8Array[];
        iter: number;
        learned_net: string;
        history: caffe.BlobProto.$Properties[];
        current_step: number;
        static create(properties: caffe.SolverState.$Shape): caffe.SolverState & caffe.SolverState.$Shape;
        static create(properties?: caffe.SolverState.$Properties): caffe.SolverState;
        static encode(message: caffe.SolverState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.SolverState & caffe.SolverState.$Shape;
    }

    namespace SolverState {
        interface $Properties {
            iter?: (number|null);
            learned_net?: (string|null);
            history?: (caffe.BlobProto.$Properties[]|null);
            current_step?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.SolverState.$Properties;
    }

    interface INetState extends caffe.NetState.$Properties {
    }

    class NetState {
        constructor(properties?: caffe.NetState.$Properties);
        $unknowns?: Uint8Array[];
        phase: caffe.Phase;
        level: number;
        stage: string[];
        static create(properties: caffe.NetState.$Shape): caffe.NetState & caffe.NetState.$Shape;
        static create(properties?: caffe.NetState.$Properties): caffe.NetState;
        static encode(message: caffe.NetState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.NetState & caffe.NetState.$Shape;
    }

    namespace NetState {
        interface $Properties {
            phase?: (caffe.Phase|null);
            level?: (number|null);
            stage?: (string[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.NetState.$Properties;
    }

    interface INetStateRule extends caffe.NetStateRule.$Properties {
    }

    class NetStateRule {
        constructor(properties?: caffe.NetStateRule.$Properties);
        $unknowns?: Uint8Array[];
        phase: caffe.Phase;
        min_level: number;
        max_level: number;
        stage: string[];
        not_stage: string[];
        static create(properties: caffe.NetStateRule.$Shape): caffe.NetStateRule & caffe.NetStateRule.$Shape;
        static create(properties?: caffe.NetStateRule.$Properties): caffe.NetStateRule;
        static encode(message: caffe.NetStateRule.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.NetStateRule & caffe.NetStateRule.$Shape;
    }

    namespace NetStateRule {
        interface $Properties {
            phase?: (caffe.Phase|null);
            min_level?: (number|null);
            max_level?: (number|null);
            stage?: (string[]|null);
            not_stage?: (string[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.NetStateRule.$Properties;
    }

    interface IParamSpec extends caffe.ParamSpec.$Properties {
    }

    class ParamSpec {
        constructor(properties?: caffe.ParamSpec.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        share_mode: caffe.ParamSpec.DimCheckMode;
        lr_mult: number;
        decay_mult: number;
        static create(properties: caffe.ParamSpec.$Shape): caffe.ParamSpec & caffe.ParamSpec.$Shape;
        static create(properties?: caffe.ParamSpec.$Properties): caffe.ParamSpec;
        static encode(message: caffe.ParamSpec.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.ParamSpec & caffe.ParamSpec.$Shape;
    }

    namespace ParamSpec {
        interface $Properties {
            name?: (string|null);
            share_mode?: (caffe.ParamSpec.DimCheckMode|null);
            lr_mult?: (number|null);
            decay_mult?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.ParamSpec.$Properties;

        enum DimCheckMode {
            STRICT = 0,
            PERMISSIVE = 1
        }
    }

    interface ILayerParameter extends caffe.LayerParameter.$Properties {
    }

    class LayerParameter {
        constructor(properties?: caffe.LayerParameter.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        type: string;
        bottom: string[];
        top: string[];
        phase: caffe.Phase;
        loss_weight: number[];
        param: caffe.ParamSpec.$Properties[];
        blobs: caffe.BlobProto.$Properties[];
        propagate_down: boolean[];
        include: caffe.NetStateRule.$Properties[];
        exclude: caffe.NetStateRule.$Properties[];
        transform_param?: (caffe.TransformationParameter.$Properties|null);
        loss_param?: (caffe.LossParameter.$Properties|null);
        accuracy_param?: (caffe.AccuracyParameter.$Properties|null);
        batch_norm_param?: (caffe.BatchNormParameter.$Properties|null);
        concat_param?: (caffe.ConcatParameter.$Properties|null);
        convolution_param?: (caffe.ConvolutionParameter.$Properties|null);
        data_param?: (caffe.DataParameter.$Properties|null);
        dropout_param?: (caffe.DropoutParameter.$Properties|null);
        eltwise_param?: (caffe.EltwiseParameter.$Properties|null);
        flatten_param?: (caffe.FlattenParameter.$Properties|null);
        image_data_param?: (caffe.ImageDataParameter.$Properties|null);
        inner_product_param?: (caffe.InnerProductParameter.$Properties|null);
        input_param?: (caffe.InputParameter.$Properties|null);
        lrn_param?: (caffe.LRNParameter.$Properties|null);
        pooling_param?: (caffe.PoolingParameter.$Properties|null);
        relu_param?: (caffe.ReLUParameter.$Properties|null);
        scale_param?: (caffe.ScaleParameter.$Properties|null);
        softmax_param?: (caffe.SoftmaxParameter.$Properties|null);
        static create(properties: caffe.LayerParameter.$Shape): caffe.LayerParameter & caffe.LayerParameter.$Shape;
        static create(properties?: caffe.LayerParameter.$Properties): caffe.LayerParameter;
        static encode(message: caffe.LayerParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.LayerParameter & caffe.LayerParameter.$Shape;
    }

    namespace LayerParameter {
        interface $Properties {
            name?: (string|null);
            type?: (string|null);
            bottom?: (string[]|null);
            top?: (string[]|null);
            phase?: (caffe.Phase|null);
            loss_weight?: (number[]|null);
            param?: (caffe.ParamSpec.$Properties[]|null);
            blobs?: (caffe.BlobProto.$Properties[]|null);
            propagate_down?: (boolean[]|null);
            include?: (caffe.NetStateRule.$Properties[]|null);
            exclude?: (caffe.NetStateRule.$Properties[]|null);
            transform_param?: (caffe.TransformationParameter.$Properties|null);
            loss_param?: (caffe.LossParameter.$Properties|null);
            accuracy_param?: (caffe.AccuracyParameter.$Properties|null);
            batch_norm_param?: (caffe.BatchNormParameter.$Properties|null);
            concat_param?: (caffe.ConcatParameter.$Properties|null);
            convolution_param?: (caffe.ConvolutionParameter.$Properties|null);
            data_param?: (caffe.DataParameter.$Properties|null);
            dropout_param?: (caffe.DropoutParameter.$Properties|null);
            eltwise_param?: (caffe.EltwiseParameter.$Properties|null);
            flatten_param?: (caffe.FlattenParameter.$Properties|null);
            image_data_param?: (caffe.ImageDataParameter.$Properties|null);
            inner_product_param?: (caffe.InnerProductParameter.$Properties|null);
            input_param?: (caffe.InputParameter.$Properties|null);
            lrn_param?: (caffe.LRNParameter.$Properties|null);
            pooling_param?: (caffe.PoolingParameter.$Properties|null);
            relu_param?: (caffe.ReLUParameter.$Properties|null);
            scale_param?: (caffe.ScaleParameter.$Properties|null);
            softmax_param?: (caffe.SoftmaxParameter.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.LayerParameter.$Properties;
    }

    interface ITransformationParameter extends caffe.TransformationParameter.$Properties {
    }

    class TransformationParameter {
        constructor(properties?: caffe.TransformationParameter.$Properties);
        $unknowns?: Uint8Array[];
        scale: number;
        mirror: boolean;
        crop_size: number;
        mean_file: string;
        mean_value: number[];
        force_color: boolean;
        force_gray: boolean;
        static create(properties: caffe.TransformationParameter.$Shape): caffe.TransformationParameter & caffe.TransformationParameter.$Shape;
        static create(properties?: caffe.TransformationParameter.$Properties): caffe.TransformationParameter;
        static encode(message: caffe.TransformationParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.TransformationParameter & caffe.TransformationParameter.$Shape;
    }

    namespace TransformationParameter {
        interface $Properties {
            scale?: (number|null);
            mirror?: (boolean|null);
            crop_size?: (number|null);
            mean_file?: (string|null);
            mean_value?: (number[]|null);
            force_color?: (boolean|null);
            force_gray?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.TransformationParameter.$Properties;
    }

    interface ILossParameter extends caffe.LossParameter.$Properties {
    }

    class LossParameter {
        constructor(properties?: caffe.LossParameter.$Properties);
        $unknowns?: Uint8Array[];
        ignore_label: number;
        normalization: caffe.LossParameter.NormalizationMode;
        normalize: boolean;
        static create(properties: caffe.LossParameter.$Shape): caffe.LossParameter & caffe.LossParameter.$Shape;
        static create(properties?: caffe.LossParameter.$Properties): caffe.LossParameter;
        static encode(message: caffe.LossParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.LossParameter & caffe.LossParameter.$Shape;
    }

    namespace LossParameter {
        interface $Properties {
            ignore_label?: (number|null);
            normalization?: (caffe.LossParameter.NormalizationMode|null);
            normalize?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.LossParameter.$Properties;

        enum NormalizationMode {
            FULL = 0,
            VALID = 1,
            BATCH_SIZE = 2,
            NONE = 3
        }
    }

    interface IAccuracyParameter extends caffe.AccuracyParameter.$Properties {
    }

    class AccuracyParameter {
        constructor(properties?: caffe.AccuracyParameter.$Properties);
        $unknowns?: Uint8Array[];
        top_k: number;
        axis: number;
        ignore_label: number;
        static create(properties: caffe.AccuracyParameter.$Shape): caffe.AccuracyParameter & caffe.AccuracyParameter.$Shape;
        static create(properties?: caffe.AccuracyParameter.$Properties): caffe.AccuracyParameter;
        static encode(message: caffe.AccuracyParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.AccuracyParameter & caffe.AccuracyParameter.$Shape;
    }

    namespace AccuracyParameter {
        interface $Properties {
            top_k?: (number|null);
            axis?: (number|null);
            ignore_label?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.AccuracyParameter.$Properties;
    }

    interface IBatchNormParameter extends caffe.BatchNormParameter.$Properties {
    }

    class BatchNormParameter {
        constructor(properties?: caffe.BatchNormParameter.$Properties);
        $unknowns?: Uint8Array[];
        use_global_stats: boolean;
        moving_average_fraction: number;
        eps: number;
        static create(properties: caffe.BatchNormParameter.$Shape): caffe.BatchNormParameter & caffe.BatchNormParameter.$Shape;
        static create(properties?: caffe.BatchNormParameter.$Properties): caffe.BatchNormParameter;
        static encode(message: caffe.BatchNormParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.BatchNormParameter & caffe.BatchNormParameter.$Shape;
    }

    namespace BatchNormParameter {
        interface $Properties {
            use_global_stats?: (boolean|null);
            moving_average_fraction?: (number|null);
            eps?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.BatchNormParameter.$Properties;
    }

    interface IConcatParameter extends caffe.ConcatParameter.$Properties {
    }

    class ConcatParameter {
        constructor(properties?: caffe.ConcatParameter.$Properties);
        $unknowns?: Uint8Array[];
        axis: number;
        concat_dim: number;
        static create(properties: caffe.ConcatParameter.$Shape): caffe.ConcatParameter & caffe.ConcatParameter.$Shape;
        static create(properties?: caffe.ConcatParameter.$Properties): caffe.ConcatParameter;
        static encode(message: caffe.ConcatParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.ConcatParameter & caffe.ConcatParameter.$Shape;
    }

    namespace ConcatParameter {
        interface $Properties {
            axis?: (number|null);
            concat_dim?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.ConcatParameter.$Properties;
    }

    interface IConvolutionParameter extends caffe.ConvolutionParameter.$Properties {
    }

    class ConvolutionParameter {
        constructor(properties?: caffe.ConvolutionParameter.$Properties);
        $unknowns?: Uint8Array[];
        num_output: number;
        bias_term: boolean;
        pad: number[];
        kernel_size: number[];
        stride: number[];
        dilation: number[];
        pad_h: number;
        pad_w: number;
        kernel_h: number;
        kernel_w: number;
        stride_h: number;
        stride_w: number;
        group: number;
        weight_filler?: (caffe.FillerParameter.$Properties|null);
        bias_filler?: (caffe.FillerParameter.$Properties|null);
        engine: caffe.ConvolutionParameter.Engine;
        axis: number;
        force_nd_im2col: boolean;
        static create(properties: caffe.ConvolutionParameter.$Shape): caffe.ConvolutionParameter & caffe.ConvolutionParameter.$Shape;
        static create(properties?: caffe.ConvolutionParameter.$Properties): caffe.ConvolutionParameter;
        static encode(message: caffe.ConvolutionParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.ConvolutionParameter & caffe.ConvolutionParameter.$Shape;
    }

    namespace ConvolutionParameter {
        interface $Properties {
            num_output?: (number|null);
            bias_term?: (boolean|null);
            pad?: (number[]|null);
            kernel_size?: (number[]|null);
            stride?: (number[]|null);
            dilation?: (number[]|null);
            pad_h?: (number|null);
            pad_w?: (number|null);
            kernel_h?: (number|null);
            kernel_w?: (number|null);
            stride_h?: (number|null);
            stride_w?: (number|null);
            group?: (number|null);
            weight_filler?: (caffe.FillerParameter.$Properties|null);
            bias_filler?: (caffe.FillerParameter.$Properties|null);
            engine?: (caffe.ConvolutionParameter.Engine|null);
            axis?: (number|null);
            force_nd_im2col?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.ConvolutionParameter.$Properties;

        enum Engine {
            DEFAULT = 0,
            CAFFE = 1,
            CUDNN = 2
        }
    }

    interface IDataParameter extends caffe.DataParameter.$Properties {
    }

    class DataParameter {
        constructor(properties?: caffe.DataParameter.$Properties);
        $unknowns?: Uint8Array[];
        source: string;
        batch_size: number;
        rand_skip: number;
        backend: caffe.DataParameter.DB;
        scale: number;
        mean_file: string;
        crop_size: number;
        mirror: boolean;
        force_encoded_color: boolean;
        prefetch: number;
        static create(properties: caffe.DataParameter.$Shape): caffe.DataParameter & caffe.DataParameter.$Shape;
        static create(properties?: caffe.DataParameter.$Properties): caffe.DataParameter;
        static encode(message: caffe.DataParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.DataParameter & caffe.DataParameter.$Shape;
    }

    namespace DataParameter {
        interface $Properties {
            source?: (string|null);
            batch_size?: (number|null);
            rand_skip?: (number|null);
            backend?: (caffe.DataParameter.DB|null);
            scale?: (number|null);
            mean_file?: (string|null);
            crop_size?: (number|null);
            mirror?: (boolean|null);
            force_encoded_color?: (boolean|null);
            prefetch?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.DataParameter.$Properties;

        enum DB {
            LEVELDB = 0,
            LMDB = 1
        }
    }

    interface IDropoutParameter extends caffe.DropoutParameter.$Properties {
    }

    class DropoutParameter {
        constructor(properties?: caffe.DropoutParameter.$Properties);
        $unknowns?: Uint8Array[];
        dropout_ratio: number;
        static create(properties: caffe.DropoutParameter.$Shape): caffe.DropoutParameter & caffe.DropoutParameter.$Shape;
        static create(properties?: caffe.DropoutParameter.$Properties): caffe.DropoutParameter;
        static encode(message: caffe.DropoutParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.DropoutParameter & caffe.DropoutParameter.$Shape;
    }

    namespace DropoutParameter {
        interface $Properties {
            dropout_ratio?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.DropoutParameter.$Properties;
    }

    interface IEltwiseParameter extends caffe.EltwiseParameter.$Properties {
    }

    class EltwiseParameter {
        constructor(properties?: caffe.EltwiseParameter.$Properties);
        $unknowns?: Uint8Array[];
        operation: caffe.EltwiseParameter.EltwiseOp;
        coeff: number[];
        stable_prod_grad: boolean;
        static create(properties: caffe.EltwiseParameter.$Shape): caffe.EltwiseParameter & caffe.EltwiseParameter.$Shape;
        static create(properties?: caffe.EltwiseParameter.$Properties): caffe.EltwiseParameter;
        static encode(message: caffe.EltwiseParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.EltwiseParameter & caffe.EltwiseParameter.$Shape;
    }

    namespace EltwiseParameter {
        interface $Properties {
            operation?: (caffe.EltwiseParameter.EltwiseOp|null);
            coeff?: (number[]|null);
            stable_prod_grad?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.EltwiseParameter.$Properties;

        enum EltwiseOp {
            PROD = 0,
            SUM = 1,
            MAX = 2
        }
    }

    interface IFlattenParameter extends caffe.FlattenParameter.$Properties {
    }

    class FlattenParameter {
        constructor(properties?: caffe.FlattenParameter.$Properties);
        $unknowns?: Uint8Array[];
        axis: number;
        end_axis: number;
        static create(properties: caffe.FlattenParameter.$Shape): caffe.FlattenParameter & caffe.FlattenParameter.$Shape;
        static create(properties?: caffe.FlattenParameter.$Properties): caffe.FlattenParameter;
        static encode(message: caffe.FlattenParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.FlattenParameter & caffe.FlattenParameter.$Shape;
    }

    namespace FlattenParameter {
        interface $Properties {
            axis?: (number|null);
            end_axis?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.FlattenParameter.$Properties;
    }

    interface IImageDataParameter extends caffe.ImageDataParameter.$Properties {
    }

    class ImageDataParameter {
        constructor(properties?: caffe.ImageDataParameter.$Properties);
        $unknowns?: Uint8Array[];
        source: string;
        batch_size: number;
        rand_skip: number;
        shuffle: boolean;
        new_height: number;
        new_width: number;
        is_color: boolean;
        scale: number;
        mean_file: string;
        crop_size: number;
        mirror: boolean;
        root_folder: string;
        static create(properties: caffe.ImageDataParameter.$Shape): caffe.ImageDataParameter & caffe.ImageDataParameter.$Shape;
        static create(properties?: caffe.ImageDataParameter.$Properties): caffe.ImageDataParameter;
        static encode(message: caffe.ImageDataParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.ImageDataParameter & caffe.ImageDataParameter.$Shape;
    }

    namespace ImageDataParameter {
        interface $Properties {
            source?: (string|null);
            batch_size?: (number|null);
            rand_skip?: (number|null);
            shuffle?: (boolean|null);
            new_height?: (number|null);
            new_width?: (number|null);
            is_color?: (boolean|null);
            scale?: (number|null);
            mean_file?: (string|null);
            crop_size?: (number|null);
            mirror?: (boolean|null);
            root_folder?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.ImageDataParameter.$Properties;
    }

    interface IInnerProductParameter extends caffe.InnerProductParameter.$Properties {
    }

    class InnerProductParameter {
        constructor(properties?: caffe.InnerProductParameter.$Properties);
        $unknowns?: Uint8Array[];
        num_output: number;
        bias_term: boolean;
        weight_filler?: (caffe.FillerParameter.$Properties|null);
        bias_filler?: (caffe.FillerParameter.$Properties|null);
        axis: number;
        transpose: boolean;
        static create(properties: caffe.InnerProductParameter.$Shape): caffe.InnerProductParameter & caffe.InnerProductParameter.$Shape;
        static create(properties?: caffe.InnerProductParameter.$Properties): caffe.InnerProductParameter;
        static encode(message: caffe.InnerProductParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.InnerProductParameter & caffe.InnerProductParameter.$Shape;
    }

    namespace InnerProductParameter {
        interface $Properties {
            num_output?: (number|null);
            bias_term?: (boolean|null);
            weight_filler?: (caffe.FillerParameter.$Properties|null);
            bias_filler?: (caffe.FillerParameter.$Properties|null);
            axis?: (number|null);
            transpose?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.InnerProductParameter.$Properties;
    }

    interface IInputParameter extends caffe.InputParameter.$Properties {
    }

    class InputParameter {
        constructor(properties?: caffe.InputParameter.$Properties);
        $unknowns?: Uint8Array[];
        shape: caffe.BlobShape.$Properties[];
        static create(properties: caffe.InputParameter.$Shape): caffe.InputParameter & caffe.InputParameter.$Shape;
        static create(properties?: caffe.InputParameter.$Properties): caffe.InputParameter;
        static encode(message: caffe.InputParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.InputParameter & caffe.InputParameter.$Shape;
    }

    namespace InputParameter {
        interface $Properties {
            shape?: (caffe.BlobShape.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.InputParameter.$Properties;
    }

    interface ILRNParameter extends caffe.LRNParameter.$Properties {
    }

    class LRNParameter {
        constructor(properties?: caffe.LRNParameter.$Properties);
        $unknowns?: Uint8Array[];
        local_size: number;
        alpha: number;
        beta: number;
        norm_region: caffe.LRNParameter.NormRegion;
        k: number;
        engine: caffe.LRNParameter.Engine;
        static create(properties: caffe.LRNParameter.$Shape): caffe.LRNParameter & caffe.LRNParameter.$Shape;
        static create(properties?: caffe.LRNParameter.$Properties): caffe.LRNParameter;
        static encode(message: caffe.LRNParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.LRNParameter & caffe.LRNParameter.$Shape;
    }

    namespace LRNParameter {
        interface $Properties {
            local_size?: (number|null);
            alpha?: (number|null);
            beta?: (number|null);
            norm_region?: (caffe.LRNParameter.NormRegion|null);
            k?: (number|null);
            engine?: (caffe.LRNParameter.Engine|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.LRNParameter.$Properties;

        enum NormRegion {
            ACROSS_CHANNELS = 0,
            WITHIN_CHANNEL = 1
        }

        enum Engine {
            DEFAULT = 0,
            CAFFE = 1,
            CUDNN = 2
        }
    }

    interface IPoolingParameter extends caffe.PoolingParameter.$Properties {
    }

    class PoolingParameter {
        constructor(properties?: caffe.PoolingParameter.$Properties);
        $unknowns?: Uint8Array[];
        pool: caffe.PoolingParameter.PoolMethod;
        pad: number;
        pad_h: number;
        pad_w: number;
        kernel_size: number;
        kernel_h: number;
        kernel_w: number;
        stride: number;
        stride_h: number;
        stride_w: number;
        engine: caffe.PoolingParameter.Engine;
        global_pooling: boolean;
        round_mode: caffe.PoolingParameter.RoundMode;
        static create(properties: caffe.PoolingParameter.$Shape): caffe.PoolingParameter & caffe.PoolingParameter.$Shape;
        static create(properties?: caffe.PoolingParameter.$Properties): caffe.PoolingParameter;
        static encode(message: caffe.PoolingParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.PoolingParameter & caffe.PoolingParameter.$Shape;
    }

    namespace PoolingParameter {
        interface $Properties {
            pool?: (caffe.PoolingParameter.PoolMethod|null);
            pad?: (number|null);
            pad_h?: (number|null);
            pad_w?: (number|null);
            kernel_size?: (number|null);
            kernel_h?: (number|null);
            kernel_w?: (number|null);
            stride?: (number|null);
            stride_h?: (number|null);
            stride_w?: (number|null);
            engine?: (caffe.PoolingParameter.Engine|null);
            global_pooling?: (boolean|null);
            round_mode?: (caffe.PoolingParameter.RoundMode|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.PoolingParameter.$Properties;

        enum PoolMethod {
            MAX = 0,
            AVE = 1,
            STOCHASTIC = 2
        }

        enum Engine {
            DEFAULT = 0,
            CAFFE = 1,
            CUDNN = 2
        }

        enum RoundMode {
            CEIL = 0,
            FLOOR = 1
        }
    }

    interface IReLUParameter extends caffe.ReLUParameter.$Properties {
    }

    class ReLUParameter {
        constructor(properties?: caffe.ReLUParameter.$Properties);
        $unknowns?: Uint8Array[];
        negative_slope: number;
        engine: caffe.ReLUParameter.Engine;
        static create(properties: caffe.ReLUParameter.$Shape): caffe.ReLUParameter & caffe.ReLUParameter.$Shape;
        static create(properties?: caffe.ReLUParameter.$Properties): caffe.ReLUParameter;
        static encode(message: caffe.ReLUParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.ReLUParameter & caffe.ReLUParameter.$Shape;
    }

    namespace ReLUParameter {
        interface $Properties {
            negative_slope?: (number|null);
            engine?: (caffe.ReLUParameter.Engine|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.ReLUParameter.$Properties;

        enum Engine {
            DEFAULT = 0,
            CAFFE = 1,
            CUDNN = 2
        }
    }

    interface IScaleParameter extends caffe.ScaleParameter.$Properties {
    }

    class ScaleParameter {
        constructor(properties?: caffe.ScaleParameter.$Properties);
        $unknowns?: Uint8Array[];
        axis: number;
        num_axes: number;
        filler?: (caffe.FillerParameter.$Properties|null);
        bias_term: boolean;
        bias_filler?: (caffe.FillerParameter.$Properties|null);
        static create(properties: caffe.ScaleParameter.$Shape): caffe.ScaleParameter & caffe.ScaleParameter.$Shape;
        static create(properties?: caffe.ScaleParameter.$Properties): caffe.ScaleParameter;
        static encode(message: caffe.ScaleParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.ScaleParameter & caffe.ScaleParameter.$Shape;
    }

    namespace ScaleParameter {
        interface $Properties {
            axis?: (number|null);
            num_axes?: (number|null);
            filler?: (caffe.FillerParameter.$Properties|null);
            bias_term?: (boolean|null);
            bias_filler?: (caffe.FillerParameter.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.ScaleParameter.$Properties;
    }

    interface ISoftmaxParameter extends caffe.SoftmaxParameter.$Properties {
    }

    class SoftmaxParameter {
        constructor(properties?: caffe.SoftmaxParameter.$Properties);
        $unknowns?: Uint8Array[];
        engine: caffe.SoftmaxParameter.Engine;
        axis: number;
        static create(properties: caffe.SoftmaxParameter.$Shape): caffe.SoftmaxParameter & caffe.SoftmaxParameter.$Shape;
        static create(properties?: caffe.SoftmaxParameter.$Properties): caffe.SoftmaxParameter;
        static encode(message: caffe.SoftmaxParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.SoftmaxParameter & caffe.SoftmaxParameter.$Shape;
    }

    namespace SoftmaxParameter {
        interface $Properties {
            engine?: (caffe.SoftmaxParameter.Engine|null);
            axis?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.SoftmaxParameter.$Properties;

        enum Engine {
            DEFAULT = 0,
            CAFFE = 1,
            CUDNN = 2
        }
    }

    interface IV1LayerParameter extends caffe.V1LayerParameter.$Properties {
    }

    class V1LayerParameter {
        constructor(properties?: caffe.V1LayerParameter.$Properties);
        $unknowns?: Uint8Array[];
        bottom: string[];
        top: string[];
        name: string;
        include: caffe.NetStateRule.$Properties[];
        exclude: caffe.NetStateRule.$Properties[];
        type: caffe.V1LayerParameter.LayerType;
        blobs: caffe.BlobProto.$Properties[];
        param: string[];
        blobs_lr: number[];
        weight_decay: number[];
        loss_weight: number[];
        accuracy_param?: (caffe.AccuracyParameter.$Properties|null);
        concat_param?: (caffe.ConcatParameter.$Properties|null);
        convolution_param?: (caffe.ConvolutionParameter.$Properties|null);
        data_param?: (caffe.DataParameter.$Properties|null);
        dropout_param?: (caffe.DropoutParameter.$Properties|null);
        eltwise_param?: (caffe.EltwiseParameter.$Properties|null);
        image_data_param?: (caffe.ImageDataParameter.$Properties|null);
        inner_product_param?: (caffe.InnerProductParameter.$Properties|null);
        lrn_param?: (caffe.LRNParameter.$Properties|null);
        pooling_param?: (caffe.PoolingParameter.$Properties|null);
        relu_param?: (caffe.ReLUParameter.$Properties|null);
        softmax_param?: (caffe.SoftmaxParameter.$Properties|null);
        transform_param?: (caffe.TransformationParameter.$Properties|null);
        loss_param?: (caffe.LossParameter.$Properties|null);
        static create(properties: caffe.V1LayerParameter.$Shape): caffe.V1LayerParameter & caffe.V1LayerParameter.$Shape;
        static create(properties?: caffe.V1LayerParameter.$Properties): caffe.V1LayerParameter;
        static encode(message: caffe.V1LayerParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): caffe.V1LayerParameter & caffe.V1LayerParameter.$Shape;
    }

    namespace V1LayerParameter {
        interface $Properties {
            bottom?: (string[]|null);
            top?: (string[]|null);
            name?: (string|null);
            include?: (caffe.NetStateRule.$Properties[]|null);
            exclude?: (caffe.NetStateRule.$Properties[]|null);
            type?: (caffe.V1LayerParameter.LayerType|null);
            blobs?: (caffe.BlobProto.$Properties[]|null);
            param?: (string[]|null);
            blobs_lr?: (number[]|null);
            weight_decay?: (number[]|null);
            loss_weight?: (number[]|null);
            accuracy_param?: (caffe.AccuracyParameter.$Properties|null);
            concat_param?: (caffe.ConcatParameter.$Properties|null);
            convolution_param?: (caffe.ConvolutionParameter.$Properties|null);
            data_param?: (caffe.DataParameter.$Properties|null);
            dropout_param?: (caffe.DropoutParameter.$Properties|null);
            eltwise_param?: (caffe.EltwiseParameter.$Properties|null);
            image_data_param?: (caffe.ImageDataParameter.$Properties|null);
            inner_product_param?: (caffe.InnerProductParameter.$Properties|null);
            lrn_param?: (caffe.LRNParameter.$Properties|null);
            pooling_param?: (caffe.PoolingParameter.$Properties|null);
            relu_param?: (caffe.ReLUParameter.$Properties|null);
            softmax_param?: (caffe.SoftmaxParameter.$Properties|null);
            transform_param?: (caffe.TransformationParameter.$Properties|null);
            loss_param?: (caffe.LossParameter.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = caffe.V1LayerParameter.$Properties;

        enum LayerType {
            NONE = 0,
            ABSVAL = 35,
            ACCURACY = 1,
            ARGMAX = 30,
            BNLL = 2,
            CONCAT = 3,
            CONTRASTIVE_LOSS = 37,
            CONVOLUTION = 4,
            DATA = 5,
            DECONVOLUTION = 39,
            DROPOUT = 6,
            DUMMY_DATA = 32,
            EUCLIDEAN_LOSS = 7,
            ELTWISE = 25,
            EXP = 38,
            FLATTEN = 8,
            HDF5_DATA = 9,
            HDF5_OUTPUT = 10,
            HINGE_LOSS = 28,
            IM2COL = 11,
            IMAGE_DATA = 12,
            INFOGAIN_LOSS = 13,
            INNER_PRODUCT = 14,
            LRN = 15,
            MEMORY_DATA = 29,
            MULTINOMIAL_LOGISTIC_LOSS = 16,
            MVN = 34,
            POOLING = 17,
            POWER = 26,
            RELU = 18,
            SIGMOID = 19,
            SIGMOID_CROSS_ENTROPY_LOSS = 27,
            SILENCE = 36,
            SOFTMAX = 20,
            SOFTMAX_LOSS = 21,
            SPLIT = 22,
            SLICE = 33,
            TANH = 23,
            WINDOW_DATA = 24,
            THRESHOLD = 31
        }
    }
}
