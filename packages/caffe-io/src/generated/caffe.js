/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const caffe = $root.caffe = (() => {

    /**
     * Namespace caffe.
     * @exports caffe
     * @namespace
     */
    const caffe = {};

    /**
     * Phase enum.
     * @name caffe.Phase
     * @enum {number}
     * @property {number} TRAIN=0 TRAIN value
     * @property {number} TEST=1 TEST value
     */
    caffe.Phase = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "TRAIN"] = 0;
        values[valuesById[1] = "TEST"] = 1;
        return values;
    })();

    caffe.BlobShape = (function() {

        /**
         * Properties of a BlobShape.
         * @typedef {Object} caffe.BlobShape.$Properties
         * @property {Array.<number|Long>|null} [dim] BlobShape dim
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BlobShape.
         * @memberof caffe
         * @interface IBlobShape
         * @augments caffe.BlobShape.$Properties
         * @deprecated Use caffe.BlobShape.$Properties instead.
         */

        /**
         * Shape of a BlobShape.
         * @typedef {caffe.BlobShape.$Properties} caffe.BlobShape.$Shape
         */

        /**
         * Constructs a new BlobShape.
         * @memberof caffe
         * @classdesc Represents a BlobShape.
         * @constructor
         * @param {caffe.BlobShape.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BlobShape = function (properties) {
            this.dim = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BlobShape dim.
         * @member {Array.<number|Long>} dim
         * @memberof caffe.BlobShape
         * @instance
         */
        BlobShape.prototype.dim = $util.emptyArray;

        /**
         * Creates a new BlobShape instance using the specified properties.
         * @function create
         * @memberof caffe.BlobShape
         * @static
         * @param {caffe.BlobShape.$Properties=} [properties] Properties to set
         * @returns {caffe.BlobShape} BlobShape instance
         * @type {{
         *   (properties: caffe.BlobShape.$Shape): caffe.BlobShape & caffe.BlobShape.$Shape;
         *   (properties?: caffe.BlobShape.$Properties): caffe.BlobShape;
         * }}
         */
        BlobShape.create = function(properties) {
            return new BlobShape(properties);
        };

        /**
         * Encodes the specified BlobShape message. Does not implicitly {@link caffe.BlobShape.verify|verify} messages.
         * @function encode
         * @memberof caffe.BlobShape
         * @static
         * @param {caffe.BlobShape.$Properties} message BlobShape message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BlobShape.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.dim != null && message.dim.length)
                writer.uint32(/* id 1, wireType 2 =*/10).int64s(message.dim);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BlobShape message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.BlobShape
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.BlobShape & caffe.BlobShape.$Shape} BlobShape
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BlobShape.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.BlobShape();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType === 2) {
                            if (!(message.dim && message.dim.length))
                                message.dim = [];
                            reader.int64s(message.dim);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.dim && message.dim.length))
                            message.dim = [];
                        message.dim.push(reader.int64());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return BlobShape;
    })();

    caffe.BlobProto = (function() {

        /**
         * Properties of a BlobProto.
         * @typedef {Object} caffe.BlobProto.$Properties
         * @property {caffe.BlobShape.$Properties|null} [shape] BlobProto shape
         * @property {Array.<number>|null} [data] BlobProto data
         * @property {Array.<number>|null} [diff] BlobProto diff
         * @property {Array.<number>|null} [double_data] BlobProto double_data
         * @property {Array.<number>|null} [double_diff] BlobProto double_diff
         * @property {number|null} [num] BlobProto num
         * @property {number|null} [channels] BlobProto channels
         * @property {number|null} [height] BlobProto height
         * @property {number|null} [width] BlobProto width
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BlobProto.
         * @memberof caffe
         * @interface IBlobProto
         * @augments caffe.BlobProto.$Properties
         * @deprecated Use caffe.BlobProto.$Properties instead.
         */

        /**
         * Shape of a BlobProto.
         * @typedef {caffe.BlobProto.$Properties} caffe.BlobProto.$Shape
         */

        /**
         * Constructs a new BlobProto.
         * @memberof caffe
         * @classdesc Represents a BlobProto.
         * @constructor
         * @param {caffe.BlobProto.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BlobProto = function (properties) {
            this.data = [];
            this.diff = [];
            this.double_data = [];
            this.double_diff = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BlobProto shape.
         * @member {caffe.BlobShape.$Properties|null|undefined} shape
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.shape = null;

        /**
         * BlobProto data.
         * @member {Array.<number>} data
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.data = $util.emptyArray;

        /**
         * BlobProto diff.
         * @member {Array.<number>} diff
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.diff = $util.emptyArray;

        /**
         * BlobProto double_data.
         * @member {Array.<number>} double_data
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.double_data = $util.emptyArray;

        /**
         * BlobProto double_diff.
         * @member {Array.<number>} double_diff
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.double_diff = $util.emptyArray;

        /**
         * BlobProto num.
         * @member {number} num
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.num = 0;

        /**
         * BlobProto channels.
         * @member {number} channels
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.channels = 0;

        /**
         * BlobProto height.
         * @member {number} height
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.height = 0;

        /**
         * BlobProto width.
         * @member {number} width
         * @memberof caffe.BlobProto
         * @instance
         */
        BlobProto.prototype.width = 0;

        /**
         * Creates a new BlobProto instance using the specified properties.
         * @function create
         * @memberof caffe.BlobProto
         * @static
         * @param {caffe.BlobProto.$Properties=} [properties] Properties to set
         * @returns {caffe.BlobProto} BlobProto instance
         * @type {{
         *   (properties: caffe.BlobProto.$Shape): caffe.BlobProto & caffe.BlobProto.$Shape;
         *   (properties?: caffe.BlobProto.$Properties): caffe.BlobProto;
         * }}
         */
        BlobProto.create = function(properties) {
            return new BlobProto(properties);
        };

        /**
         * Encodes the specified BlobProto message. Does not implicitly {@link caffe.BlobProto.verify|verify} messages.
         * @function encode
         * @memberof caffe.BlobProto
         * @static
         * @param {caffe.BlobProto.$Properties} message BlobProto message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BlobProto.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.num != null && $Object.hasOwnProperty.call(message, "num"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.num);
            if (message.channels != null && $Object.hasOwnProperty.call(message, "channels"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.channels);
            if (message.height != null && $Object.hasOwnProperty.call(message, "height"))
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.height);
            if (message.width != null && $Object.hasOwnProperty.call(message, "width"))
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.width);
            if (message.data != null && message.data.length)
                writer.uint32(/* id 5, wireType 2 =*/42).floats(message.data);
            if (message.diff != null && message.diff.length)
                writer.uint32(/* id 6, wireType 2 =*/50).floats(message.diff);
            if (message.shape != null && $Object.hasOwnProperty.call(message, "shape"))
                $root.caffe.BlobShape.encode(message.shape, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.double_data != null && message.double_data.length)
                writer.uint32(/* id 8, wireType 2 =*/66).doubles(message.double_data);
            if (message.double_diff != null && message.double_diff.length)
                writer.uint32(/* id 9, wireType 2 =*/74).doubles(message.double_diff);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BlobProto message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.BlobProto
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.BlobProto & caffe.BlobProto.$Shape} BlobProto
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BlobProto.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.BlobProto();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.shape = $root.caffe.BlobShape.decode(reader, reader.size(), $undefined, _depth + 1, message.shape);
                        continue;
                    }
                case 5: {
                        if (wireType === 2) {
                            if (!(message.data && message.data.length))
                                message.data = [];
                            reader.floats(message.data);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.data && message.data.length))
                            message.data = [];
                        message.data.push(reader.float());
                        continue;
                    }
                case 6: {
                        if (wireType === 2) {
                            if (!(message.diff && message.diff.length))
                                message.diff = [];
                            reader.floats(message.diff);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.diff && message.diff.length))
                            message.diff = [];
                        message.diff.push(reader.float());
                        continue;
                    }
                case 8: {
                        if (wireType === 2) {
                            if (!(message.double_data && message.double_data.length))
                                message.double_data = [];
                            reader.doubles(message.double_data);
                            continue;
                        }
                        if (wireType !== 1)
                            break;
                        if (!(message.double_data && message.double_data.length))
                            message.double_data = [];
                        message.double_data.push(reader.double());
                        continue;
                    }
                case 9: {
                        if (wireType === 2) {
                            if (!(message.double_diff && message.double_diff.length))
                                message.double_diff = [];
                            reader.doubles(message.double_diff);
                            continue;
                        }
                        if (wireType !== 1)
                            break;
                        if (!(message.double_diff && message.double_diff.length))
                            message.double_diff = [];
                        message.double_diff.push(reader.double());
                        continue;
                    }
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.num = reader.int32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.channels = reader.int32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.height = reader.int32();
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.width = reader.int32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return BlobProto;
    })();

    caffe.BlobProtoVector = (function() {

        /**
         * Properties of a BlobProtoVector.
         * @typedef {Object} caffe.BlobProtoVector.$Properties
         * @property {Array.<caffe.BlobProto.$Properties>|null} [blobs] BlobProtoVector blobs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BlobProtoVector.
         * @memberof caffe
         * @interface IBlobProtoVector
         * @augments caffe.BlobProtoVector.$Properties
         * @deprecated Use caffe.BlobProtoVector.$Properties instead.
         */

        /**
         * Shape of a BlobProtoVector.
         * @typedef {caffe.BlobProtoVector.$Properties} caffe.BlobProtoVector.$Shape
         */

        /**
         * Constructs a new BlobProtoVector.
         * @memberof caffe
         * @classdesc Represents a BlobProtoVector.
         * @constructor
         * @param {caffe.BlobProtoVector.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BlobProtoVector = function (properties) {
            this.blobs = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BlobProtoVector blobs.
         * @member {Array.<caffe.BlobProto.$Properties>} blobs
         * @memberof caffe.BlobProtoVector
         * @instance
         */
        BlobProtoVector.prototype.blobs = $util.emptyArray;

        /**
         * Creates a new BlobProtoVector instance using the specified properties.
         * @function create
         * @memberof caffe.BlobProtoVector
         * @static
         * @param {caffe.BlobProtoVector.$Properties=} [properties] Properties to set
         * @returns {caffe.BlobProtoVector} BlobProtoVector instance
         * @type {{
         *   (properties: caffe.BlobProtoVector.$Shape): caffe.BlobProtoVector & caffe.BlobProtoVector.$Shape;
         *   (properties?: caffe.BlobProtoVector.$Properties): caffe.BlobProtoVector;
         * }}
         */
        BlobProtoVector.create = function(properties) {
            return new BlobProtoVector(properties);
        };

        /**
         * Encodes the specified BlobProtoVector message. Does not implicitly {@link caffe.BlobProtoVector.verify|verify} messages.
         * @function encode
         * @memberof caffe.BlobProtoVector
         * @static
         * @param {caffe.BlobProtoVector.$Properties} message BlobProtoVector message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BlobProtoVector.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.blobs != null && message.blobs.length)
                for (let i = 0; i < message.blobs.length; ++i)
                    $root.caffe.BlobProto.encode(message.blobs[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BlobProtoVector message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.BlobProtoVector
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.BlobProtoVector & caffe.BlobProtoVector.$Shape} BlobProtoVector
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BlobProtoVector.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.BlobProtoVector();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.blobs && message.blobs.length))
                            message.blobs = [];
                        message.blobs.push($root.caffe.BlobProto.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return BlobProtoVector;
    })();

    caffe.FillerParameter = (function() {

        /**
         * Properties of a FillerParameter.
         * @typedef {Object} caffe.FillerParameter.$Properties
         * @property {string|null} [type] FillerParameter type
         * @property {number|null} [value] FillerParameter value
         * @property {number|null} [min] FillerParameter min
         * @property {number|null} [max] FillerParameter max
         * @property {number|null} [mean] FillerParameter mean
         * @property {number|null} [std] FillerParameter std
         * @property {number|null} [sparse] FillerParameter sparse
         * @property {caffe.FillerParameter.VarianceNorm|null} [variance_norm] FillerParameter variance_norm
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a FillerParameter.
         * @memberof caffe
         * @interface IFillerParameter
         * @augments caffe.FillerParameter.$Properties
         * @deprecated Use caffe.FillerParameter.$Properties instead.
         */

        /**
         * Shape of a FillerParameter.
         * @typedef {caffe.FillerParameter.$Properties} caffe.FillerParameter.$Shape
         */

        /**
         * Constructs a new FillerParameter.
         * @memberof caffe
         * @classdesc Represents a FillerParameter.
         * @constructor
         * @param {caffe.FillerParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const FillerParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * FillerParameter type.
         * @member {string} type
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.type = "constant";

        /**
         * FillerParameter value.
         * @member {number} value
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.value = 0;

        /**
         * FillerParameter min.
         * @member {number} min
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.min = 0;

        /**
         * FillerParameter max.
         * @member {number} max
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.max = 1;

        /**
         * FillerParameter mean.
         * @member {number} mean
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.mean = 0;

        /**
         * FillerParameter std.
         * @member {number} std
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.std = 1;

        /**
         * FillerParameter sparse.
         * @member {number} sparse
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.sparse = -1;

        /**
         * FillerParameter variance_norm.
         * @member {caffe.FillerParameter.VarianceNorm} variance_norm
         * @memberof caffe.FillerParameter
         * @instance
         */
        FillerParameter.prototype.variance_norm = 0;

        /**
         * Creates a new FillerParameter instance using the specified properties.
         * @function create
         * @memberof caffe.FillerParameter
         * @static
         * @param {caffe.FillerParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.FillerParameter} FillerParameter instance
         * @type {{
         *   (properties: caffe.FillerParameter.$Shape): caffe.FillerParameter & caffe.FillerParameter.$Shape;
         *   (properties?: caffe.FillerParameter.$Properties): caffe.FillerParameter;
         * }}
         */
        FillerParameter.create = function(properties) {
            return new FillerParameter(properties);
        };

        /**
         * Encodes the specified FillerParameter message. Does not implicitly {@link caffe.FillerParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.FillerParameter
         * @static
         * @param {caffe.FillerParameter.$Properties} message FillerParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        FillerParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.type);
            if (message.value != null && $Object.hasOwnProperty.call(message, "value"))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.value);
            if (message.min != null && $Object.hasOwnProperty.call(message, "min"))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.min);
            if (message.max != null && $Object.hasOwnProperty.call(message, "max"))
                writer.uint32(/* id 4, wireType 5 =*/37).float(message.max);
            if (message.mean != null && $Object.hasOwnProperty.call(message, "mean"))
                writer.uint32(/* id 5, wireType 5 =*/45).float(message.mean);
            if (message.std != null && $Object.hasOwnProperty.call(message, "std"))
                writer.uint32(/* id 6, wireType 5 =*/53).float(message.std);
            if (message.sparse != null && $Object.hasOwnProperty.call(message, "sparse"))
                writer.uint32(/* id 7, wireType 0 =*/56).int32(message.sparse);
            if (message.variance_norm != null && $Object.hasOwnProperty.call(message, "variance_norm"))
                writer.uint32(/* id 8, wireType 0 =*/64).int32(message.variance_norm);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a FillerParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.FillerParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.FillerParameter & caffe.FillerParameter.$Shape} FillerParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        FillerParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.FillerParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.type = reader.string();
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        message.value = reader.float();
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        message.min = reader.float();
                        continue;
                    }
                case 4: {
                        if (wireType !== 5)
                            break;
                        message.max = reader.float();
                        continue;
                    }
                case 5: {
                        if (wireType !== 5)
                            break;
                        message.mean = reader.float();
                        continue;
                    }
                case 6: {
                        if (wireType !== 5)
                            break;
                        message.std = reader.float();
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.sparse = reader.int32();
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.FillerParameter.VarianceNorm[value] !== $undefined)
                            message.variance_norm = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * VarianceNorm enum.
         * @name caffe.FillerParameter.VarianceNorm
         * @enum {number}
         * @property {number} FAN_IN=0 FAN_IN value
         * @property {number} FAN_OUT=1 FAN_OUT value
         * @property {number} AVERAGE=2 AVERAGE value
         */
        FillerParameter.VarianceNorm = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "FAN_IN"] = 0;
            values[valuesById[1] = "FAN_OUT"] = 1;
            values[valuesById[2] = "AVERAGE"] = 2;
            return values;
        })();

        return FillerParameter;
    })();

    caffe.NetParameter = (function() {

        /**
         * Properties of a NetParameter.
         * @typedef {Object} caffe.NetParameter.$Properties
         * @property {string|null} [name] NetParameter name
         * @property {Array.<string>|null} [input] NetParameter input
         * @property {Array.<caffe.BlobShape.$Properties>|null} [input_shape] NetParameter input_shape
         * @property {Array.<number>|null} [input_dim] NetParameter input_dim
         * @property {boolean|null} [force_backward] NetParameter force_backward
         * @property {caffe.NetState.$Properties|null} [state] NetParameter state
         * @property {boolean|null} [debug_info] NetParameter debug_info
         * @property {Array.<caffe.LayerParameter.$Properties>|null} [layer] NetParameter layer
         * @property {Array.<caffe.V1LayerParameter.$Properties>|null} [layers] NetParameter layers
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a NetParameter.
         * @memberof caffe
         * @interface INetParameter
         * @augments caffe.NetParameter.$Properties
         * @deprecated Use caffe.NetParameter.$Properties instead.
         */

        /**
         * Shape of a NetParameter.
         * @typedef {caffe.NetParameter.$Properties} caffe.NetParameter.$Shape
         */

        /**
         * Constructs a new NetParameter.
         * @memberof caffe
         * @classdesc Represents a NetParameter.
         * @constructor
         * @param {caffe.NetParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const NetParameter = function (properties) {
            this.input = [];
            this.input_shape = [];
            this.input_dim = [];
            this.layer = [];
            this.layers = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * NetParameter name.
         * @member {string} name
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.name = "";

        /**
         * NetParameter input.
         * @member {Array.<string>} input
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.input = $util.emptyArray;

        /**
         * NetParameter input_shape.
         * @member {Array.<caffe.BlobShape.$Properties>} input_shape
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.input_shape = $util.emptyArray;

        /**
         * NetParameter input_dim.
         * @member {Array.<number>} input_dim
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.input_dim = $util.emptyArray;

        /**
         * NetParameter force_backward.
         * @member {boolean} force_backward
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.force_backward = false;

        /**
         * NetParameter state.
         * @member {caffe.NetState.$Properties|null|undefined} state
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.state = null;

        /**
         * NetParameter debug_info.
         * @member {boolean} debug_info
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.debug_info = false;

        /**
         * NetParameter layer.
         * @member {Array.<caffe.LayerParameter.$Properties>} layer
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.layer = $util.emptyArray;

        /**
         * NetParameter layers.
         * @member {Array.<caffe.V1LayerParameter.$Properties>} layers
         * @memberof caffe.NetParameter
         * @instance
         */
        NetParameter.prototype.layers = $util.emptyArray;

        /**
         * Creates a new NetParameter instance using the specified properties.
         * @function create
         * @memberof caffe.NetParameter
         * @static
         * @param {caffe.NetParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.NetParameter} NetParameter instance
         * @type {{
         *   (properties: caffe.NetParameter.$Shape): caffe.NetParameter & caffe.NetParameter.$Shape;
         *   (properties?: caffe.NetParameter.$Properties): caffe.NetParameter;
         * }}
         */
        NetParameter.create = function(properties) {
            return new NetParameter(properties);
        };

        /**
         * Encodes the specified NetParameter message. Does not implicitly {@link caffe.NetParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.NetParameter
         * @static
         * @param {caffe.NetParameter.$Properties} message NetParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        NetParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.layers != null && message.layers.length)
                for (let i = 0; i < message.layers.length; ++i)
                    $root.caffe.V1LayerParameter.encode(message.layers[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.input != null && message.input.length)
                for (let i = 0; i < message.input.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.input[i]);
            if (message.input_dim != null && message.input_dim.length)
                for (let i = 0; i < message.input_dim.length; ++i)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.input_dim[i]);
            if (message.force_backward != null && $Object.hasOwnProperty.call(message, "force_backward"))
                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.force_backward);
            if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                $root.caffe.NetState.encode(message.state, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.debug_info != null && $Object.hasOwnProperty.call(message, "debug_info"))
                writer.uint32(/* id 7, wireType 0 =*/56).bool(message.debug_info);
            if (message.input_shape != null && message.input_shape.length)
                for (let i = 0; i < message.input_shape.length; ++i)
                    $root.caffe.BlobShape.encode(message.input_shape[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
            if (message.layer != null && message.layer.length)
                for (let i = 0; i < message.layer.length; ++i)
                    $root.caffe.LayerParameter.encode(message.layer[i], writer.uint32(/* id 100, wireType 2 =*/802).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a NetParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.NetParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.NetParameter & caffe.NetParameter.$Shape} NetParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        NetParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.NetParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.name = reader.string();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.input && message.input.length))
                            message.input = [];
                        message.input.push(reader.string());
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if (!(message.input_shape && message.input_shape.length))
                            message.input_shape = [];
                        message.input_shape.push($root.caffe.BlobShape.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType === 2) {
                            if (!(message.input_dim && message.input_dim.length))
                                message.input_dim = [];
                            reader.int32s(message.input_dim);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.input_dim && message.input_dim.length))
                            message.input_dim = [];
                        message.input_dim.push(reader.int32());
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.force_backward = reader.bool();
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.state = $root.caffe.NetState.decode(reader, reader.size(), $undefined, _depth + 1, message.state);
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.debug_info = reader.bool();
                        continue;
                    }
                case 100: {
                        if (wireType !== 2)
                            break;
                        if (!(message.layer && message.layer.length))
                            message.layer = [];
                        message.layer.push($root.caffe.LayerParameter.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.layers && message.layers.length))
                            message.layers = [];
                        message.layers.push($root.caffe.V1LayerParameter.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return NetParameter;
    })();

    caffe.SolverParameter = (function() {

        /**
         * Properties of a SolverParameter.
         * @typedef {Object} caffe.SolverParameter.$Properties
         * @property {string|null} [net] SolverParameter net
         * @property {caffe.NetParameter.$Properties|null} [net_param] SolverParameter net_param
         * @property {string|null} [train_net] SolverParameter train_net
         * @property {Array.<string>|null} [test_net] SolverParameter test_net
         * @property {caffe.NetParameter.$Properties|null} [train_net_param] SolverParameter train_net_param
         * @property {Array.<caffe.NetParameter.$Properties>|null} [test_net_param] SolverParameter test_net_param
         * @property {caffe.NetState.$Properties|null} [train_state] SolverParameter train_state
         * @property {Array.<caffe.NetState.$Properties>|null} [test_state] SolverParameter test_state
         * @property {Array.<number>|null} [test_iter] SolverParameter test_iter
         * @property {number|null} [test_interval] SolverParameter test_interval
         * @property {boolean|null} [test_compute_loss] SolverParameter test_compute_loss
         * @property {boolean|null} [test_initialization] SolverParameter test_initialization
         * @property {number|null} [base_lr] SolverParameter base_lr
         * @property {number|null} [display] SolverParameter display
         * @property {number|null} [average_loss] SolverParameter average_loss
         * @property {number|null} [max_iter] SolverParameter max_iter
         * @property {number|null} [iter_size] SolverParameter iter_size
         * @property {string|null} [lr_policy] SolverParameter lr_policy
         * @property {number|null} [gamma] SolverParameter gamma
         * @property {number|null} [power] SolverParameter power
         * @property {number|null} [momentum] SolverParameter momentum
         * @property {number|null} [weight_decay] SolverParameter weight_decay
         * @property {string|null} [regularization_type] SolverParameter regularization_type
         * @property {number|null} [stepsize] SolverParameter stepsize
         * @property {Array.<number>|null} [stepvalue] SolverParameter stepvalue
         * @property {number|null} [clip_gradients] SolverParameter clip_gradients
         * @property {number|null} [snapshot] SolverParameter snapshot
         * @property {string|null} [snapshot_prefix] SolverParameter snapshot_prefix
         * @property {boolean|null} [snapshot_diff] SolverParameter snapshot_diff
         * @property {caffe.SolverParameter.SnapshotFormat|null} [snapshot_format] SolverParameter snapshot_format
         * @property {caffe.SolverParameter.SolverMode|null} [solver_mode] SolverParameter solver_mode
         * @property {number|null} [device_id] SolverParameter device_id
         * @property {number|Long|null} [random_seed] SolverParameter random_seed
         * @property {string|null} [type] SolverParameter type
         * @property {number|null} [delta] SolverParameter delta
         * @property {number|null} [momentum2] SolverParameter momentum2
         * @property {number|null} [rms_decay] SolverParameter rms_decay
         * @property {boolean|null} [debug_info] SolverParameter debug_info
         * @property {boolean|null} [snapshot_after_train] SolverParameter snapshot_after_train
         * @property {caffe.SolverParameter.SolverType|null} [solver_type] SolverParameter solver_type
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SolverParameter.
         * @memberof caffe
         * @interface ISolverParameter
         * @augments caffe.SolverParameter.$Properties
         * @deprecated Use caffe.SolverParameter.$Properties instead.
         */

        /**
         * Shape of a SolverParameter.
         * @typedef {caffe.SolverParameter.$Properties} caffe.SolverParameter.$Shape
         */

        /**
         * Constructs a new SolverParameter.
         * @memberof caffe
         * @classdesc Represents a SolverParameter.
         * @constructor
         * @param {caffe.SolverParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SolverParameter = function (properties) {
            this.test_net = [];
            this.test_net_param = [];
            this.test_state = [];
            this.test_iter = [];
            this.stepvalue = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SolverParameter net.
         * @member {string} net
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.net = "";

        /**
         * SolverParameter net_param.
         * @member {caffe.NetParameter.$Properties|null|undefined} net_param
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.net_param = null;

        /**
         * SolverParameter train_net.
         * @member {string} train_net
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.train_net = "";

        /**
         * SolverParameter test_net.
         * @member {Array.<string>} test_net
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_net = $util.emptyArray;

        /**
         * SolverParameter train_net_param.
         * @member {caffe.NetParameter.$Properties|null|undefined} train_net_param
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.train_net_param = null;

        /**
         * SolverParameter test_net_param.
         * @member {Array.<caffe.NetParameter.$Properties>} test_net_param
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_net_param = $util.emptyArray;

        /**
         * SolverParameter train_state.
         * @member {caffe.NetState.$Properties|null|undefined} train_state
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.train_state = null;

        /**
         * SolverParameter test_state.
         * @member {Array.<caffe.NetState.$Properties>} test_state
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_state = $util.emptyArray;

        /**
         * SolverParameter test_iter.
         * @member {Array.<number>} test_iter
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_iter = $util.emptyArray;

        /**
         * SolverParameter test_interval.
         * @member {number} test_interval
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_interval = 0;

        /**
         * SolverParameter test_compute_loss.
         * @member {boolean} test_compute_loss
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_compute_loss = false;

        /**
         * SolverParameter test_initialization.
         * @member {boolean} test_initialization
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.test_initialization = true;

        /**
         * SolverParameter base_lr.
         * @member {number} base_lr
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.base_lr = 0;

        /**
         * SolverParameter display.
         * @member {number} display
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.display = 0;

        /**
         * SolverParameter average_loss.
         * @member {number} average_loss
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.average_loss = 1;

        /**
         * SolverParameter max_iter.
         * @member {number} max_iter
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.max_iter = 0;

        /**
         * SolverParameter iter_size.
         * @member {number} iter_size
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.iter_size = 1;

        /**
         * SolverParameter lr_policy.
         * @member {string} lr_policy
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.lr_policy = "";

        /**
         * SolverParameter gamma.
         * @member {number} gamma
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.gamma = 0;

        /**
         * SolverParameter power.
         * @member {number} power
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.power = 0;

        /**
         * SolverParameter momentum.
         * @member {number} momentum
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.momentum = 0;

        /**
         * SolverParameter weight_decay.
         * @member {number} weight_decay
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.weight_decay = 0;

        /**
         * SolverParameter regularization_type.
         * @member {string} regularization_type
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.regularization_type = "L2";

        /**
         * SolverParameter stepsize.
         * @member {number} stepsize
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.stepsize = 0;

        /**
         * SolverParameter stepvalue.
         * @member {Array.<number>} stepvalue
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.stepvalue = $util.emptyArray;

        /**
         * SolverParameter clip_gradients.
         * @member {number} clip_gradients
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.clip_gradients = -1;

        /**
         * SolverParameter snapshot.
         * @member {number} snapshot
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.snapshot = 0;

        /**
         * SolverParameter snapshot_prefix.
         * @member {string} snapshot_prefix
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.snapshot_prefix = "";

        /**
         * SolverParameter snapshot_diff.
         * @member {boolean} snapshot_diff
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.snapshot_diff = false;

        /**
         * SolverParameter snapshot_format.
         * @member {caffe.SolverParameter.SnapshotFormat} snapshot_format
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.snapshot_format = 1;

        /**
         * SolverParameter solver_mode.
         * @member {caffe.SolverParameter.SolverMode} solver_mode
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.solver_mode = 1;

        /**
         * SolverParameter device_id.
         * @member {number} device_id
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.device_id = 0;

        /**
         * SolverParameter random_seed.
         * @member {number|Long} random_seed
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.random_seed = $util.Long ? $util.Long.fromBits(-1,-1,false) : -1;

        /**
         * SolverParameter type.
         * @member {string} type
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.type = "SGD";

        /**
         * SolverParameter delta.
         * @member {number} delta
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.delta = 1e-8;

        /**
         * SolverParameter momentum2.
         * @member {number} momentum2
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.momentum2 = 0.999;

        /**
         * SolverParameter rms_decay.
         * @member {number} rms_decay
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.rms_decay = 0.99;

        /**
         * SolverParameter debug_info.
         * @member {boolean} debug_info
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.debug_info = false;

        /**
         * SolverParameter snapshot_after_train.
         * @member {boolean} snapshot_after_train
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.snapshot_after_train = true;

        /**
         * SolverParameter solver_type.
         * @member {caffe.SolverParameter.SolverType} solver_type
         * @memberof caffe.SolverParameter
         * @instance
         */
        SolverParameter.prototype.solver_type = 0;

        /**
         * Creates a new SolverParameter instance using the specified properties.
         * @function create
         * @memberof caffe.SolverParameter
         * @static
         * @param {caffe.SolverParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.SolverParameter} SolverParameter instance
         * @type {{
         *   (properties: caffe.SolverParameter.$Shape): caffe.SolverParameter & caffe.SolverParameter.$Shape;
         *   (properties?: caffe.SolverParameter.$Properties): caffe.SolverParameter;
         * }}
         */
        SolverParameter.create = function(properties) {
            return new SolverParameter(properties);
        };

        /**
         * Encodes the specified SolverParameter message. Does not implicitly {@link caffe.SolverParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.SolverParameter
         * @static
         * @param {caffe.SolverParameter.$Properties} message SolverParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SolverParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.train_net != null && $Object.hasOwnProperty.call(message, "train_net"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.train_net);
            if (message.test_net != null && message.test_net.length)
                for (let i = 0; i < message.test_net.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.test_net[i]);
            if (message.test_iter != null && message.test_iter.length)
                for (let i = 0; i < message.test_iter.length; ++i)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.test_iter[i]);
            if (message.test_interval != null && $Object.hasOwnProperty.call(message, "test_interval"))
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.test_interval);
            if (message.base_lr != null && $Object.hasOwnProperty.call(message, "base_lr"))
                writer.uint32(/* id 5, wireType 5 =*/45).float(message.base_lr);
            if (message.display != null && $Object.hasOwnProperty.call(message, "display"))
                writer.uint32(/* id 6, wireType 0 =*/48).int32(message.display);
            if (message.max_iter != null && $Object.hasOwnProperty.call(message, "max_iter"))
                writer.uint32(/* id 7, wireType 0 =*/56).int32(message.max_iter);
            if (message.lr_policy != null && $Object.hasOwnProperty.call(message, "lr_policy"))
                writer.uint32(/* id 8, wireType 2 =*/66).string(message.lr_policy);
            if (message.gamma != null && $Object.hasOwnProperty.call(message, "gamma"))
                writer.uint32(/* id 9, wireType 5 =*/77).float(message.gamma);
            if (message.power != null && $Object.hasOwnProperty.call(message, "power"))
                writer.uint32(/* id 10, wireType 5 =*/85).float(message.power);
            if (message.momentum != null && $Object.hasOwnProperty.call(message, "momentum"))
                writer.uint32(/* id 11, wireType 5 =*/93).float(message.momentum);
            if (message.weight_decay != null && $Object.hasOwnProperty.call(message, "weight_decay"))
                writer.uint32(/* id 12, wireType 5 =*/101).float(message.weight_decay);
            if (message.stepsize != null && $Object.hasOwnProperty.call(message, "stepsize"))
                writer.uint32(/* id 13, wireType 0 =*/104).int32(message.stepsize);
            if (message.snapshot != null && $Object.hasOwnProperty.call(message, "snapshot"))
                writer.uint32(/* id 14, wireType 0 =*/112).int32(message.snapshot);
            if (message.snapshot_prefix != null && $Object.hasOwnProperty.call(message, "snapshot_prefix"))
                writer.uint32(/* id 15, wireType 2 =*/122).string(message.snapshot_prefix);
            if (message.snapshot_diff != null && $Object.hasOwnProperty.call(message, "snapshot_diff"))
                writer.uint32(/* id 16, wireType 0 =*/128).bool(message.snapshot_diff);
            if (message.solver_mode != null && $Object.hasOwnProperty.call(message, "solver_mode"))
                writer.uint32(/* id 17, wireType 0 =*/136).int32(message.solver_mode);
            if (message.device_id != null && $Object.hasOwnProperty.call(message, "device_id"))
                writer.uint32(/* id 18, wireType 0 =*/144).int32(message.device_id);
            if (message.test_compute_loss != null && $Object.hasOwnProperty.call(message, "test_compute_loss"))
                writer.uint32(/* id 19, wireType 0 =*/152).bool(message.test_compute_loss);
            if (message.random_seed != null && $Object.hasOwnProperty.call(message, "random_seed"))
                writer.uint32(/* id 20, wireType 0 =*/160).int64(message.random_seed);
            if (message.train_net_param != null && $Object.hasOwnProperty.call(message, "train_net_param"))
                $root.caffe.NetParameter.encode(message.train_net_param, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
            if (message.test_net_param != null && message.test_net_param.length)
                for (let i = 0; i < message.test_net_param.length; ++i)
                    $root.caffe.NetParameter.encode(message.test_net_param[i], writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
            if (message.debug_info != null && $Object.hasOwnProperty.call(message, "debug_info"))
                writer.uint32(/* id 23, wireType 0 =*/184).bool(message.debug_info);
            if (message.net != null && $Object.hasOwnProperty.call(message, "net"))
                writer.uint32(/* id 24, wireType 2 =*/194).string(message.net);
            if (message.net_param != null && $Object.hasOwnProperty.call(message, "net_param"))
                $root.caffe.NetParameter.encode(message.net_param, writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
            if (message.train_state != null && $Object.hasOwnProperty.call(message, "train_state"))
                $root.caffe.NetState.encode(message.train_state, writer.uint32(/* id 26, wireType 2 =*/210).fork(), _depth + 1).ldelim();
            if (message.test_state != null && message.test_state.length)
                for (let i = 0; i < message.test_state.length; ++i)
                    $root.caffe.NetState.encode(message.test_state[i], writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
            if (message.snapshot_after_train != null && $Object.hasOwnProperty.call(message, "snapshot_after_train"))
                writer.uint32(/* id 28, wireType 0 =*/224).bool(message.snapshot_after_train);
            if (message.regularization_type != null && $Object.hasOwnProperty.call(message, "regularization_type"))
                writer.uint32(/* id 29, wireType 2 =*/234).string(message.regularization_type);
            if (message.solver_type != null && $Object.hasOwnProperty.call(message, "solver_type"))
                writer.uint32(/* id 30, wireType 0 =*/240).int32(message.solver_type);
            if (message.delta != null && $Object.hasOwnProperty.call(message, "delta"))
                writer.uint32(/* id 31, wireType 5 =*/253).float(message.delta);
            if (message.test_initialization != null && $Object.hasOwnProperty.call(message, "test_initialization"))
                writer.uint32(/* id 32, wireType 0 =*/256).bool(message.test_initialization);
            if (message.average_loss != null && $Object.hasOwnProperty.call(message, "average_loss"))
                writer.uint32(/* id 33, wireType 0 =*/264).int32(message.average_loss);
            if (message.stepvalue != null && message.stepvalue.length)
                for (let i = 0; i < message.stepvalue.length; ++i)
                    writer.uint32(/* id 34, wireType 0 =*/272).int32(message.stepvalue[i]);
            if (message.clip_gradients != null && $Object.hasOwnProperty.call(message, "clip_gradients"))
                writer.uint32(/* id 35, wireType 5 =*/285).float(message.clip_gradients);
            if (message.iter_size != null && $Object.hasOwnProperty.call(message, "iter_size"))
                writer.uint32(/* id 36, wireType 0 =*/288).int32(message.iter_size);
            if (message.snapshot_format != null && $Object.hasOwnProperty.call(message, "snapshot_format"))
                writer.uint32(/* id 37, wireType 0 =*/296).int32(message.snapshot_format);
            if (message.rms_decay != null && $Object.hasOwnProperty.call(message, "rms_decay"))
                writer.uint32(/* id 38, wireType 5 =*/309).float(message.rms_decay);
            if (message.momentum2 != null && $Object.hasOwnProperty.call(message, "momentum2"))
                writer.uint32(/* id 39, wireType 5 =*/317).float(message.momentum2);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                writer.uint32(/* id 40, wireType 2 =*/322).string(message.type);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a SolverParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.SolverParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.SolverParameter & caffe.SolverParameter.$Shape} SolverParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SolverParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.SolverParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 24: {
                        if (wireType !== 2)
                            break;
                        message.net = reader.string();
                        continue;
                    }
                case 25: {
                        if (wireType !== 2)
                            break;
                        message.net_param = $root.caffe.NetParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.net_param);
                        continue;
                    }
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.train_net = reader.string();
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.test_net && message.test_net.length))
                            message.test_net = [];
                        message.test_net.push(reader.string());
                        continue;
                    }
                case 21: {
                        if (wireType !== 2)
                            break;
                        message.train_net_param = $root.caffe.NetParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.train_net_param);
                        continue;
                    }
                case 22: {
                        if (wireType !== 2)
                            break;
                        if (!(message.test_net_param && message.test_net_param.length))
                            message.test_net_param = [];
                        message.test_net_param.push($root.caffe.NetParameter.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 26: {
                        if (wireType !== 2)
                            break;
                        message.train_state = $root.caffe.NetState.decode(reader, reader.size(), $undefined, _depth + 1, message.train_state);
                        continue;
                    }
                case 27: {
                        if (wireType !== 2)
                            break;
                        if (!(message.test_state && message.test_state.length))
                            message.test_state = [];
                        message.test_state.push($root.caffe.NetState.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 3: {
                        if (wireType === 2) {
                            if (!(message.test_iter && message.test_iter.length))
                                message.test_iter = [];
                            reader.int32s(message.test_iter);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.test_iter && message.test_iter.length))
                            message.test_iter = [];
                        message.test_iter.push(reader.int32());
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.test_interval = reader.int32();
                        continue;
                    }
                case 19: {
                        if (wireType !== 0)
                            break;
                        message.test_compute_loss = reader.bool();
                        continue;
                    }
                case 32: {
                        if (wireType !== 0)
                            break;
                        message.test_initialization = reader.bool();
                        continue;
                    }
                case 5: {
                        if (wireType !== 5)
                            break;
                        message.base_lr = reader.float();
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        message.display = reader.int32();
                        continue;
                    }
                case 33: {
                        if (wireType !== 0)
                            break;
                        message.average_loss = reader.int32();
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.max_iter = reader.int32();
                        continue;
                    }
                case 36: {
                        if (wireType !== 0)
                            break;
                        message.iter_size = reader.int32();
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        message.lr_policy = reader.string();
                        continue;
                    }
                case 9: {
                        if (wireType !== 5)
                            break;
                        message.gamma = reader.float();
                        continue;
                    }
                case 10: {
                        if (wireType !== 5)
                            break;
                        message.power = reader.float();
                        continue;
                    }
                case 11: {
                        if (wireType !== 5)
                            break;
                        message.momentum = reader.float();
                        continue;
                    }
                case 12: {
                        if (wireType !== 5)
                            break;
                        message.weight_decay = reader.float();
                        continue;
                    }
                case 29: {
                        if (wireType !== 2)
                            break;
                        message.regularization_type = reader.string();
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        message.stepsize = reader.int32();
                        continue;
                    }
                case 34: {
                        if (wireType === 2) {
                            if (!(message.stepvalue && message.stepvalue.length))
                                message.stepvalue = [];
                            reader.int32s(message.stepvalue);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.stepvalue && message.stepvalue.length))
                            message.stepvalue = [];
                        message.stepvalue.push(reader.int32());
                        continue;
                    }
                case 35: {
                        if (wireType !== 5)
                            break;
                        message.clip_gradients = reader.float();
                        continue;
                    }
                case 14: {
                        if (wireType !== 0)
                            break;
                        message.snapshot = reader.int32();
                        continue;
                    }
                case 15: {
                        if (wireType !== 2)
                            break;
                        message.snapshot_prefix = reader.string();
                        continue;
                    }
                case 16: {
                        if (wireType !== 0)
                            break;
                        message.snapshot_diff = reader.bool();
                        continue;
                    }
                case 37: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.SolverParameter.SnapshotFormat[value] !== $undefined)
                            message.snapshot_format = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 17: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.SolverParameter.SolverMode[value] !== $undefined)
                            message.solver_mode = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 18: {
                        if (wireType !== 0)
                            break;
                        message.device_id = reader.int32();
                        continue;
                    }
                case 20: {
                        if (wireType !== 0)
                            break;
                        message.random_seed = reader.int64();
                        continue;
                    }
                case 40: {
                        if (wireType !== 2)
                            break;
                        message.type = reader.string();
                        continue;
                    }
                case 31: {
                        if (wireType !== 5)
                            break;
                        message.delta = reader.float();
                        continue;
                    }
                case 39: {
                        if (wireType !== 5)
                            break;
                        message.momentum2 = reader.float();
                        continue;
                    }
                case 38: {
                        if (wireType !== 5)
                            break;
                        message.rms_decay = reader.float();
                        continue;
                    }
                case 23: {
                        if (wireType !== 0)
                            break;
                        message.debug_info = reader.bool();
                        continue;
                    }
                case 28: {
                        if (wireType !== 0)
                            break;
                        message.snapshot_after_train = reader.bool();
                        continue;
                    }
                case 30: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.SolverParameter.SolverType[value] !== $undefined)
                            message.solver_type = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * SnapshotFormat enum.
         * @name caffe.SolverParameter.SnapshotFormat
         * @enum {number}
         * @property {number} HDF5=0 HDF5 value
         * @property {number} BINARYPROTO=1 BINARYPROTO value
         */
        SolverParameter.SnapshotFormat = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "HDF5"] = 0;
            values[valuesById[1] = "BINARYPROTO"] = 1;
            return values;
        })();

        /**
         * SolverMode enum.
         * @name caffe.SolverParameter.SolverMode
         * @enum {number}
         * @property {number} CPU=0 CPU value
         * @property {number} GPU=1 GPU value
         */
        SolverParameter.SolverMode = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "CPU"] = 0;
            values[valuesById[1] = "GPU"] = 1;
            return values;
        })();

        /**
         * SolverType enum.
         * @name caffe.SolverParameter.SolverType
         * @enum {number}
         * @property {number} SGD=0 SGD value
         * @property {number} NESTEROV=1 NESTEROV value
         * @property {number} ADAGRAD=2 ADAGRAD value
         * @property {number} RMSPROP=3 RMSPROP value
         * @property {number} ADADELTA=4 ADADELTA value
         * @property {number} ADAM=5 ADAM value
         */
        SolverParameter.SolverType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SGD"] = 0;
            values[valuesById[1] = "NESTEROV"] = 1;
            values[valuesById[2] = "ADAGRAD"] = 2;
            values[valuesById[3] = "RMSPROP"] = 3;
            values[valuesById[4] = "ADADELTA"] = 4;
            values[valuesById[5] = "ADAM"] = 5;
            return values;
        })();

        return SolverParameter;
    })();

    caffe.SolverState = (function() {

        /**
         * Properties of a SolverState.
         * @typedef {Object} caffe.SolverState.$Properties
         * @property {number|null} [iter] SolverState iter
         * @property {string|null} [learned_net] SolverState learned_net
         * @property {Array.<caffe.BlobProto.$Properties>|null} [history] SolverState history
         * @property {number|null} [current_step] SolverState current_step
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SolverState.
         * @memberof caffe
         * @interface ISolverState
         * @augments caffe.SolverState.$Properties
         * @deprecated Use caffe.SolverState.$Properties instead.
         */

        /**
         * Shape of a SolverState.
         * @typedef {caffe.SolverState.$Properties} caffe.SolverState.$Shape
         */

        /**
         * Constructs a new SolverState.
         * @memberof caffe
         * @classdesc Represents a SolverState.
         * @constructor
         * @param {caffe.SolverState.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SolverState = function (properties) {
            this.history = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SolverState iter.
         * @member {number} iter
         * @memberof caffe.SolverState
         * @instance
         */
        SolverState.prototype.iter = 0;

        /**
         * SolverState learned_net.
         * @member {string} learned_net
         * @memberof caffe.SolverState
         * @instance
         */
        SolverState.prototype.learned_net = "";

        /**
         * SolverState history.
         * @member {Array.<caffe.BlobProto.$Properties>} history
         * @memberof caffe.SolverState
         * @instance
         */
        SolverState.prototype.history = $util.emptyArray;

        /**
         * SolverState current_step.
         * @member {number} current_step
         * @memberof caffe.SolverState
         * @instance
         */
        SolverState.prototype.current_step = 0;

        /**
         * Creates a new SolverState instance using the specified properties.
         * @function create
         * @memberof caffe.SolverState
         * @static
         * @param {caffe.SolverState.$Properties=} [properties] Properties to set
         * @returns {caffe.SolverState} SolverState instance
         * @type {{
         *   (properties: caffe.SolverState.$Shape): caffe.SolverState & caffe.SolverState.$Shape;
         *   (properties?: caffe.SolverState.$Properties): caffe.SolverState;
         * }}
         */
        SolverState.create = function(properties) {
            return new SolverState(properties);
        };

        /**
         * Encodes the specified SolverState message. Does not implicitly {@link caffe.SolverState.verify|verify} messages.
         * @function encode
         * @memberof caffe.SolverState
         * @static
         * @param {caffe.SolverState.$Properties} message SolverState message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SolverState.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.iter != null && $Object.hasOwnProperty.call(message, "iter"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.iter);
            if (message.learned_net != null && $Object.hasOwnProperty.call(message, "learned_net"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.learned_net);
            if (message.history != null && message.history.length)
                for (let i = 0; i < message.history.length; ++i)
                    $root.caffe.BlobProto.encode(message.history[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.current_step != null && $Object.hasOwnProperty.call(message, "current_step"))
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.current_step);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a SolverState message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.SolverState
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.SolverState & caffe.SolverState.$Shape} SolverState
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SolverState.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.SolverState();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.iter = reader.int32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.learned_net = reader.string();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.history && message.history.length))
                            message.history = [];
                        message.history.push($root.caffe.BlobProto.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.current_step = reader.int32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return SolverState;
    })();

    caffe.NetState = (function() {

        /**
         * Properties of a NetState.
         * @typedef {Object} caffe.NetState.$Properties
         * @property {caffe.Phase|null} [phase] NetState phase
         * @property {number|null} [level] NetState level
         * @property {Array.<string>|null} [stage] NetState stage
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a NetState.
         * @memberof caffe
         * @interface INetState
         * @augments caffe.NetState.$Properties
         * @deprecated Use caffe.NetState.$Properties instead.
         */

        /**
         * Shape of a NetState.
         * @typedef {caffe.NetState.$Properties} caffe.NetState.$Shape
         */

        /**
         * Constructs a new NetState.
         * @memberof caffe
         * @classdesc Represents a NetState.
         * @constructor
         * @param {caffe.NetState.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const NetState = function (properties) {
            this.stage = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * NetState phase.
         * @member {caffe.Phase} phase
         * @memberof caffe.NetState
         * @instance
         */
        NetState.prototype.phase = 1;

        /**
         * NetState level.
         * @member {number} level
         * @memberof caffe.NetState
         * @instance
         */
        NetState.prototype.level = 0;

        /**
         * NetState stage.
         * @member {Array.<string>} stage
         * @memberof caffe.NetState
         * @instance
         */
        NetState.prototype.stage = $util.emptyArray;

        /**
         * Creates a new NetState instance using the specified properties.
         * @function create
         * @memberof caffe.NetState
         * @static
         * @param {caffe.NetState.$Properties=} [properties] Properties to set
         * @returns {caffe.NetState} NetState instance
         * @type {{
         *   (properties: caffe.NetState.$Shape): caffe.NetState & caffe.NetState.$Shape;
         *   (properties?: caffe.NetState.$Properties): caffe.NetState;
         * }}
         */
        NetState.create = function(properties) {
            return new NetState(properties);
        };

        /**
         * Encodes the specified NetState message. Does not implicitly {@link caffe.NetState.verify|verify} messages.
         * @function encode
         * @memberof caffe.NetState
         * @static
         * @param {caffe.NetState.$Properties} message NetState message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        NetState.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.phase != null && $Object.hasOwnProperty.call(message, "phase"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.phase);
            if (message.level != null && $Object.hasOwnProperty.call(message, "level"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.level);
            if (message.stage != null && message.stage.length)
                for (let i = 0; i < message.stage.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.stage[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a NetState message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.NetState
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.NetState & caffe.NetState.$Shape} NetState
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        NetState.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.NetState();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.Phase[value] !== $undefined)
                            message.phase = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.level = reader.int32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.stage && message.stage.length))
                            message.stage = [];
                        message.stage.push(reader.string());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return NetState;
    })();

    caffe.NetStateRule = (function() {

        /**
         * Properties of a NetStateRule.
         * @typedef {Object} caffe.NetStateRule.$Properties
         * @property {caffe.Phase|null} [phase] NetStateRule phase
         * @property {number|null} [min_level] NetStateRule min_level
         * @property {number|null} [max_level] NetStateRule max_level
         * @property {Array.<string>|null} [stage] NetStateRule stage
         * @property {Array.<string>|null} [not_stage] NetStateRule not_stage
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a NetStateRule.
         * @memberof caffe
         * @interface INetStateRule
         * @augments caffe.NetStateRule.$Properties
         * @deprecated Use caffe.NetStateRule.$Properties instead.
         */

        /**
         * Shape of a NetStateRule.
         * @typedef {caffe.NetStateRule.$Properties} caffe.NetStateRule.$Shape
         */

        /**
         * Constructs a new NetStateRule.
         * @memberof caffe
         * @classdesc Represents a NetStateRule.
         * @constructor
         * @param {caffe.NetStateRule.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const NetStateRule = function (properties) {
            this.stage = [];
            this.not_stage = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * NetStateRule phase.
         * @member {caffe.Phase} phase
         * @memberof caffe.NetStateRule
         * @instance
         */
        NetStateRule.prototype.phase = 0;

        /**
         * NetStateRule min_level.
         * @member {number} min_level
         * @memberof caffe.NetStateRule
         * @instance
         */
        NetStateRule.prototype.min_level = 0;

        /**
         * NetStateRule max_level.
         * @member {number} max_level
         * @memberof caffe.NetStateRule
         * @instance
         */
        NetStateRule.prototype.max_level = 0;

        /**
         * NetStateRule stage.
         * @member {Array.<string>} stage
         * @memberof caffe.NetStateRule
         * @instance
         */
        NetStateRule.prototype.stage = $util.emptyArray;

        /**
         * NetStateRule not_stage.
         * @member {Array.<string>} not_stage
         * @memberof caffe.NetStateRule
         * @instance
         */
        NetStateRule.prototype.not_stage = $util.emptyArray;

        /**
         * Creates a new NetStateRule instance using the specified properties.
         * @function create
         * @memberof caffe.NetStateRule
         * @static
         * @param {caffe.NetStateRule.$Properties=} [properties] Properties to set
         * @returns {caffe.NetStateRule} NetStateRule instance
         * @type {{
         *   (properties: caffe.NetStateRule.$Shape): caffe.NetStateRule & caffe.NetStateRule.$Shape;
         *   (properties?: caffe.NetStateRule.$Properties): caffe.NetStateRule;
         * }}
         */
        NetStateRule.create = function(properties) {
            return new NetStateRule(properties);
        };

        /**
         * Encodes the specified NetStateRule message. Does not implicitly {@link caffe.NetStateRule.verify|verify} messages.
         * @function encode
         * @memberof caffe.NetStateRule
         * @static
         * @param {caffe.NetStateRule.$Properties} message NetStateRule message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        NetStateRule.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.phase != null && $Object.hasOwnProperty.call(message, "phase"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.phase);
            if (message.min_level != null && $Object.hasOwnProperty.call(message, "min_level"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.min_level);
            if (message.max_level != null && $Object.hasOwnProperty.call(message, "max_level"))
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.max_level);
            if (message.stage != null && message.stage.length)
                for (let i = 0; i < message.stage.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.stage[i]);
            if (message.not_stage != null && message.not_stage.length)
                for (let i = 0; i < message.not_stage.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.not_stage[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a NetStateRule message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.NetStateRule
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.NetStateRule & caffe.NetStateRule.$Shape} NetStateRule
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        NetStateRule.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.NetStateRule();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.Phase[value] !== $undefined)
                            message.phase = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.min_level = reader.int32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.max_level = reader.int32();
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.stage && message.stage.length))
                            message.stage = [];
                        message.stage.push(reader.string());
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.not_stage && message.not_stage.length))
                            message.not_stage = [];
                        message.not_stage.push(reader.string());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return NetStateRule;
    })();

    caffe.ParamSpec = (function() {

        /**
         * Properties of a ParamSpec.
         * @typedef {Object} caffe.ParamSpec.$Properties
         * @property {string|null} [name] ParamSpec name
         * @property {caffe.ParamSpec.DimCheckMode|null} [share_mode] ParamSpec share_mode
         * @property {number|null} [lr_mult] ParamSpec lr_mult
         * @property {number|null} [decay_mult] ParamSpec decay_mult
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ParamSpec.
         * @memberof caffe
         * @interface IParamSpec
         * @augments caffe.ParamSpec.$Properties
         * @deprecated Use caffe.ParamSpec.$Properties instead.
         */

        /**
         * Shape of a ParamSpec.
         * @typedef {caffe.ParamSpec.$Properties} caffe.ParamSpec.$Shape
         */

        /**
         * Constructs a new ParamSpec.
         * @memberof caffe
         * @classdesc Represents a ParamSpec.
         * @constructor
         * @param {caffe.ParamSpec.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ParamSpec = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ParamSpec name.
         * @member {string} name
         * @memberof caffe.ParamSpec
         * @instance
         */
        ParamSpec.prototype.name = "";

        /**
         * ParamSpec share_mode.
         * @member {caffe.ParamSpec.DimCheckMode} share_mode
         * @memberof caffe.ParamSpec
         * @instance
         */
        ParamSpec.prototype.share_mode = 0;

        /**
         * ParamSpec lr_mult.
         * @member {number} lr_mult
         * @memberof caffe.ParamSpec
         * @instance
         */
        ParamSpec.prototype.lr_mult = 1;

        /**
         * ParamSpec decay_mult.
         * @member {number} decay_mult
         * @memberof caffe.ParamSpec
         * @instance
         */
        ParamSpec.prototype.decay_mult = 1;

        /**
         * Creates a new ParamSpec instance using the specified properties.
         * @function create
         * @memberof caffe.ParamSpec
         * @static
         * @param {caffe.ParamSpec.$Properties=} [properties] Properties to set
         * @returns {caffe.ParamSpec} ParamSpec instance
         * @type {{
         *   (properties: caffe.ParamSpec.$Shape): caffe.ParamSpec & caffe.ParamSpec.$Shape;
         *   (properties?: caffe.ParamSpec.$Properties): caffe.ParamSpec;
         * }}
         */
        ParamSpec.create = function(properties) {
            return new ParamSpec(properties);
        };

        /**
         * Encodes the specified ParamSpec message. Does not implicitly {@link caffe.ParamSpec.verify|verify} messages.
         * @function encode
         * @memberof caffe.ParamSpec
         * @static
         * @param {caffe.ParamSpec.$Properties} message ParamSpec message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ParamSpec.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.share_mode != null && $Object.hasOwnProperty.call(message, "share_mode"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.share_mode);
            if (message.lr_mult != null && $Object.hasOwnProperty.call(message, "lr_mult"))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.lr_mult);
            if (message.decay_mult != null && $Object.hasOwnProperty.call(message, "decay_mult"))
                writer.uint32(/* id 4, wireType 5 =*/37).float(message.decay_mult);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ParamSpec message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.ParamSpec
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.ParamSpec & caffe.ParamSpec.$Shape} ParamSpec
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ParamSpec.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.ParamSpec();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.name = reader.string();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.ParamSpec.DimCheckMode[value] !== $undefined)
                            message.share_mode = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        message.lr_mult = reader.float();
                        continue;
                    }
                case 4: {
                        if (wireType !== 5)
                            break;
                        message.decay_mult = reader.float();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * DimCheckMode enum.
         * @name caffe.ParamSpec.DimCheckMode
         * @enum {number}
         * @property {number} STRICT=0 STRICT value
         * @property {number} PERMISSIVE=1 PERMISSIVE value
         */
        ParamSpec.DimCheckMode = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "STRICT"] = 0;
            values[valuesById[1] = "PERMISSIVE"] = 1;
            return values;
        })();

        return ParamSpec;
    })();

    caffe.LayerParameter = (function() {

        /**
         * Properties of a LayerParameter.
         * @typedef {Object} caffe.LayerParameter.$Properties
         * @property {string|null} [name] LayerParameter name
         * @property {string|null} [type] LayerParameter type
         * @property {Array.<string>|null} [bottom] LayerParameter bottom
         * @property {Array.<string>|null} [top] LayerParameter top
         * @property {caffe.Phase|null} [phase] LayerParameter phase
         * @property {Array.<number>|null} [loss_weight] LayerParameter loss_weight
         * @property {Array.<caffe.ParamSpec.$Properties>|null} [param] LayerParameter param
         * @property {Array.<caffe.BlobProto.$Properties>|null} [blobs] LayerParameter blobs
         * @property {Array.<boolean>|null} [propagate_down] LayerParameter propagate_down
         * @property {Array.<caffe.NetStateRule.$Properties>|null} [include] LayerParameter include
         * @property {Array.<caffe.NetStateRule.$Properties>|null} [exclude] LayerParameter exclude
         * @property {caffe.TransformationParameter.$Properties|null} [transform_param] LayerParameter transform_param
         * @property {caffe.LossParameter.$Properties|null} [loss_param] LayerParameter loss_param
         * @property {caffe.AccuracyParameter.$Properties|null} [accuracy_param] LayerParameter accuracy_param
         * @property {caffe.BatchNormParameter.$Properties|null} [batch_norm_param] LayerParameter batch_norm_param
         * @property {caffe.ConcatParameter.$Properties|null} [concat_param] LayerParameter concat_param
         * @property {caffe.ConvolutionParameter.$Properties|null} [convolution_param] LayerParameter convolution_param
         * @property {caffe.DataParameter.$Properties|null} [data_param] LayerParameter data_param
         * @property {caffe.DropoutParameter.$Properties|null} [dropout_param] LayerParameter dropout_param
         * @property {caffe.EltwiseParameter.$Properties|null} [eltwise_param] LayerParameter eltwise_param
         * @property {caffe.FlattenParameter.$Properties|null} [flatten_param] LayerParameter flatten_param
         * @property {caffe.ImageDataParameter.$Properties|null} [image_data_param] LayerParameter image_data_param
         * @property {caffe.InnerProductParameter.$Properties|null} [inner_product_param] LayerParameter inner_product_param
         * @property {caffe.InputParameter.$Properties|null} [input_param] LayerParameter input_param
         * @property {caffe.LRNParameter.$Properties|null} [lrn_param] LayerParameter lrn_param
         * @property {caffe.PoolingParameter.$Properties|null} [pooling_param] LayerParameter pooling_param
         * @property {caffe.ReLUParameter.$Properties|null} [relu_param] LayerParameter relu_param
         * @property {caffe.ScaleParameter.$Properties|null} [scale_param] LayerParameter scale_param
         * @property {caffe.SoftmaxParameter.$Properties|null} [softmax_param] LayerParameter softmax_param
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LayerParameter.
         * @memberof caffe
         * @interface ILayerParameter
         * @augments caffe.LayerParameter.$Properties
         * @deprecated Use caffe.LayerParameter.$Properties instead.
         */

        /**
         * Shape of a LayerParameter.
         * @typedef {caffe.LayerParameter.$Properties} caffe.LayerParameter.$Shape
         */

        /**
         * Constructs a new LayerParameter.
         * @memberof caffe
         * @classdesc Represents a LayerParameter.
         * @constructor
         * @param {caffe.LayerParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LayerParameter = function (properties) {
            this.bottom = [];
            this.top = [];
            this.loss_weight = [];
            this.param = [];
            this.blobs = [];
            this.propagate_down = [];
            this.include = [];
            this.exclude = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LayerParameter name.
         * @member {string} name
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.name = "";

        /**
         * LayerParameter type.
         * @member {string} type
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.type = "";

        /**
         * LayerParameter bottom.
         * @member {Array.<string>} bottom
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.bottom = $util.emptyArray;

        /**
         * LayerParameter top.
         * @member {Array.<string>} top
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.top = $util.emptyArray;

        /**
         * LayerParameter phase.
         * @member {caffe.Phase} phase
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.phase = 0;

        /**
         * LayerParameter loss_weight.
         * @member {Array.<number>} loss_weight
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.loss_weight = $util.emptyArray;

        /**
         * LayerParameter param.
         * @member {Array.<caffe.ParamSpec.$Properties>} param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.param = $util.emptyArray;

        /**
         * LayerParameter blobs.
         * @member {Array.<caffe.BlobProto.$Properties>} blobs
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.blobs = $util.emptyArray;

        /**
         * LayerParameter propagate_down.
         * @member {Array.<boolean>} propagate_down
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.propagate_down = $util.emptyArray;

        /**
         * LayerParameter include.
         * @member {Array.<caffe.NetStateRule.$Properties>} include
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.include = $util.emptyArray;

        /**
         * LayerParameter exclude.
         * @member {Array.<caffe.NetStateRule.$Properties>} exclude
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.exclude = $util.emptyArray;

        /**
         * LayerParameter transform_param.
         * @member {caffe.TransformationParameter.$Properties|null|undefined} transform_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.transform_param = null;

        /**
         * LayerParameter loss_param.
         * @member {caffe.LossParameter.$Properties|null|undefined} loss_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.loss_param = null;

        /**
         * LayerParameter accuracy_param.
         * @member {caffe.AccuracyParameter.$Properties|null|undefined} accuracy_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.accuracy_param = null;

        /**
         * LayerParameter batch_norm_param.
         * @member {caffe.BatchNormParameter.$Properties|null|undefined} batch_norm_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.batch_norm_param = null;

        /**
         * LayerParameter concat_param.
         * @member {caffe.ConcatParameter.$Properties|null|undefined} concat_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.concat_param = null;

        /**
         * LayerParameter convolution_param.
         * @member {caffe.ConvolutionParameter.$Properties|null|undefined} convolution_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.convolution_param = null;

        /**
         * LayerParameter data_param.
         * @member {caffe.DataParameter.$Properties|null|undefined} data_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.data_param = null;

        /**
         * LayerParameter dropout_param.
         * @member {caffe.DropoutParameter.$Properties|null|undefined} dropout_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.dropout_param = null;

        /**
         * LayerParameter eltwise_param.
         * @member {caffe.EltwiseParameter.$Properties|null|undefined} eltwise_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.eltwise_param = null;

        /**
         * LayerParameter flatten_param.
         * @member {caffe.FlattenParameter.$Properties|null|undefined} flatten_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.flatten_param = null;

        /**
         * LayerParameter image_data_param.
         * @member {caffe.ImageDataParameter.$Properties|null|undefined} image_data_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.image_data_param = null;

        /**
         * LayerParameter inner_product_param.
         * @member {caffe.InnerProductParameter.$Properties|null|undefined} inner_product_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.inner_product_param = null;

        /**
         * LayerParameter input_param.
         * @member {caffe.InputParameter.$Properties|null|undefined} input_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.input_param = null;

        /**
         * LayerParameter lrn_param.
         * @member {caffe.LRNParameter.$Properties|null|undefined} lrn_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.lrn_param = null;

        /**
         * LayerParameter pooling_param.
         * @member {caffe.PoolingParameter.$Properties|null|undefined} pooling_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.pooling_param = null;

        /**
         * LayerParameter relu_param.
         * @member {caffe.ReLUParameter.$Properties|null|undefined} relu_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.relu_param = null;

        /**
         * LayerParameter scale_param.
         * @member {caffe.ScaleParameter.$Properties|null|undefined} scale_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.scale_param = null;

        /**
         * LayerParameter softmax_param.
         * @member {caffe.SoftmaxParameter.$Properties|null|undefined} softmax_param
         * @memberof caffe.LayerParameter
         * @instance
         */
        LayerParameter.prototype.softmax_param = null;

        /**
         * Creates a new LayerParameter instance using the specified properties.
         * @function create
         * @memberof caffe.LayerParameter
         * @static
         * @param {caffe.LayerParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.LayerParameter} LayerParameter instance
         * @type {{
         *   (properties: caffe.LayerParameter.$Shape): caffe.LayerParameter & caffe.LayerParameter.$Shape;
         *   (properties?: caffe.LayerParameter.$Properties): caffe.LayerParameter;
         * }}
         */
        LayerParameter.create = function(properties) {
            return new LayerParameter(properties);
        };

        /**
         * Encodes the specified LayerParameter message. Does not implicitly {@link caffe.LayerParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.LayerParameter
         * @static
         * @param {caffe.LayerParameter.$Properties} message LayerParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LayerParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.type);
            if (message.bottom != null && message.bottom.length)
                for (let i = 0; i < message.bottom.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.bottom[i]);
            if (message.top != null && message.top.length)
                for (let i = 0; i < message.top.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.top[i]);
            if (message.loss_weight != null && message.loss_weight.length)
                for (let i = 0; i < message.loss_weight.length; ++i)
                    writer.uint32(/* id 5, wireType 5 =*/45).float(message.loss_weight[i]);
            if (message.param != null && message.param.length)
                for (let i = 0; i < message.param.length; ++i)
                    $root.caffe.ParamSpec.encode(message.param[i], writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.blobs != null && message.blobs.length)
                for (let i = 0; i < message.blobs.length; ++i)
                    $root.caffe.BlobProto.encode(message.blobs[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.include != null && message.include.length)
                for (let i = 0; i < message.include.length; ++i)
                    $root.caffe.NetStateRule.encode(message.include[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
            if (message.exclude != null && message.exclude.length)
                for (let i = 0; i < message.exclude.length; ++i)
                    $root.caffe.NetStateRule.encode(message.exclude[i], writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
            if (message.phase != null && $Object.hasOwnProperty.call(message, "phase"))
                writer.uint32(/* id 10, wireType 0 =*/80).int32(message.phase);
            if (message.propagate_down != null && message.propagate_down.length)
                for (let i = 0; i < message.propagate_down.length; ++i)
                    writer.uint32(/* id 11, wireType 0 =*/88).bool(message.propagate_down[i]);
            if (message.transform_param != null && $Object.hasOwnProperty.call(message, "transform_param"))
                $root.caffe.TransformationParameter.encode(message.transform_param, writer.uint32(/* id 100, wireType 2 =*/802).fork(), _depth + 1).ldelim();
            if (message.loss_param != null && $Object.hasOwnProperty.call(message, "loss_param"))
                $root.caffe.LossParameter.encode(message.loss_param, writer.uint32(/* id 101, wireType 2 =*/810).fork(), _depth + 1).ldelim();
            if (message.accuracy_param != null && $Object.hasOwnProperty.call(message, "accuracy_param"))
                $root.caffe.AccuracyParameter.encode(message.accuracy_param, writer.uint32(/* id 102, wireType 2 =*/818).fork(), _depth + 1).ldelim();
            if (message.concat_param != null && $Object.hasOwnProperty.call(message, "concat_param"))
                $root.caffe.ConcatParameter.encode(message.concat_param, writer.uint32(/* id 104, wireType 2 =*/834).fork(), _depth + 1).ldelim();
            if (message.convolution_param != null && $Object.hasOwnProperty.call(message, "convolution_param"))
                $root.caffe.ConvolutionParameter.encode(message.convolution_param, writer.uint32(/* id 106, wireType 2 =*/850).fork(), _depth + 1).ldelim();
            if (message.data_param != null && $Object.hasOwnProperty.call(message, "data_param"))
                $root.caffe.DataParameter.encode(message.data_param, writer.uint32(/* id 107, wireType 2 =*/858).fork(), _depth + 1).ldelim();
            if (message.dropout_param != null && $Object.hasOwnProperty.call(message, "dropout_param"))
                $root.caffe.DropoutParameter.encode(message.dropout_param, writer.uint32(/* id 108, wireType 2 =*/866).fork(), _depth + 1).ldelim();
            if (message.eltwise_param != null && $Object.hasOwnProperty.call(message, "eltwise_param"))
                $root.caffe.EltwiseParameter.encode(message.eltwise_param, writer.uint32(/* id 110, wireType 2 =*/882).fork(), _depth + 1).ldelim();
            if (message.image_data_param != null && $Object.hasOwnProperty.call(message, "image_data_param"))
                $root.caffe.ImageDataParameter.encode(message.image_data_param, writer.uint32(/* id 115, wireType 2 =*/922).fork(), _depth + 1).ldelim();
            if (message.inner_product_param != null && $Object.hasOwnProperty.call(message, "inner_product_param"))
                $root.caffe.InnerProductParameter.encode(message.inner_product_param, writer.uint32(/* id 117, wireType 2 =*/938).fork(), _depth + 1).ldelim();
            if (message.lrn_param != null && $Object.hasOwnProperty.call(message, "lrn_param"))
                $root.caffe.LRNParameter.encode(message.lrn_param, writer.uint32(/* id 118, wireType 2 =*/946).fork(), _depth + 1).ldelim();
            if (message.pooling_param != null && $Object.hasOwnProperty.call(message, "pooling_param"))
                $root.caffe.PoolingParameter.encode(message.pooling_param, writer.uint32(/* id 121, wireType 2 =*/970).fork(), _depth + 1).ldelim();
            if (message.relu_param != null && $Object.hasOwnProperty.call(message, "relu_param"))
                $root.caffe.ReLUParameter.encode(message.relu_param, writer.uint32(/* id 123, wireType 2 =*/986).fork(), _depth + 1).ldelim();
            if (message.softmax_param != null && $Object.hasOwnProperty.call(message, "softmax_param"))
                $root.caffe.SoftmaxParameter.encode(message.softmax_param, writer.uint32(/* id 125, wireType 2 =*/1002).fork(), _depth + 1).ldelim();
            if (message.flatten_param != null && $Object.hasOwnProperty.call(message, "flatten_param"))
                $root.caffe.FlattenParameter.encode(message.flatten_param, writer.uint32(/* id 135, wireType 2 =*/1082).fork(), _depth + 1).ldelim();
            if (message.batch_norm_param != null && $Object.hasOwnProperty.call(message, "batch_norm_param"))
                $root.caffe.BatchNormParameter.encode(message.batch_norm_param, writer.uint32(/* id 139, wireType 2 =*/1114).fork(), _depth + 1).ldelim();
            if (message.scale_param != null && $Object.hasOwnProperty.call(message, "scale_param"))
                $root.caffe.ScaleParameter.encode(message.scale_param, writer.uint32(/* id 142, wireType 2 =*/1138).fork(), _depth + 1).ldelim();
            if (message.input_param != null && $Object.hasOwnProperty.call(message, "input_param"))
                $root.caffe.InputParameter.encode(message.input_param, writer.uint32(/* id 143, wireType 2 =*/1146).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LayerParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.LayerParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.LayerParameter & caffe.LayerParameter.$Shape} LayerParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LayerParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.LayerParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.name = reader.string();
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.type = reader.string();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.bottom && message.bottom.length))
                            message.bottom = [];
                        message.bottom.push(reader.string());
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.top && message.top.length))
                            message.top = [];
                        message.top.push(reader.string());
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.Phase[value] !== $undefined)
                            message.phase = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 5: {
                        if (wireType === 2) {
                            if (!(message.loss_weight && message.loss_weight.length))
                                message.loss_weight = [];
                            reader.floats(message.loss_weight);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.loss_weight && message.loss_weight.length))
                            message.loss_weight = [];
                        message.loss_weight.push(reader.float());
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.param && message.param.length))
                            message.param = [];
                        message.param.push($root.caffe.ParamSpec.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if (!(message.blobs && message.blobs.length))
                            message.blobs = [];
                        message.blobs.push($root.caffe.BlobProto.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 11: {
                        if (wireType === 2) {
                            if (!(message.propagate_down && message.propagate_down.length))
                                message.propagate_down = [];
                            reader.bools(message.propagate_down);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.propagate_down && message.propagate_down.length))
                            message.propagate_down = [];
                        message.propagate_down.push(reader.bool());
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if (!(message.include && message.include.length))
                            message.include = [];
                        message.include.push($root.caffe.NetStateRule.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if (!(message.exclude && message.exclude.length))
                            message.exclude = [];
                        message.exclude.push($root.caffe.NetStateRule.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 100: {
                        if (wireType !== 2)
                            break;
                        message.transform_param = $root.caffe.TransformationParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.transform_param);
                        continue;
                    }
                case 101: {
                        if (wireType !== 2)
                            break;
                        message.loss_param = $root.caffe.LossParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.loss_param);
                        continue;
                    }
                case 102: {
                        if (wireType !== 2)
                            break;
                        message.accuracy_param = $root.caffe.AccuracyParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.accuracy_param);
                        continue;
                    }
                case 139: {
                        if (wireType !== 2)
                            break;
                        message.batch_norm_param = $root.caffe.BatchNormParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.batch_norm_param);
                        continue;
                    }
                case 104: {
                        if (wireType !== 2)
                            break;
                        message.concat_param = $root.caffe.ConcatParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.concat_param);
                        continue;
                    }
                case 106: {
                        if (wireType !== 2)
                            break;
                        message.convolution_param = $root.caffe.ConvolutionParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.convolution_param);
                        continue;
                    }
                case 107: {
                        if (wireType !== 2)
                            break;
                        message.data_param = $root.caffe.DataParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.data_param);
                        continue;
                    }
                case 108: {
                        if (wireType !== 2)
                            break;
                        message.dropout_param = $root.caffe.DropoutParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.dropout_param);
                        continue;
                    }
                case 110: {
                        if (wireType !== 2)
                            break;
                        message.eltwise_param = $root.caffe.EltwiseParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.eltwise_param);
                        continue;
                    }
                case 135: {
                        if (wireType !== 2)
                            break;
                        message.flatten_param = $root.caffe.FlattenParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.flatten_param);
                        continue;
                    }
                case 115: {
                        if (wireType !== 2)
                            break;
                        message.image_data_param = $root.caffe.ImageDataParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.image_data_param);
                        continue;
                    }
                case 117: {
                        if (wireType !== 2)
                            break;
                        message.inner_product_param = $root.caffe.InnerProductParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.inner_product_param);
                        continue;
                    }
                case 143: {
                        if (wireType !== 2)
                            break;
                        message.input_param = $root.caffe.InputParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.input_param);
                        continue;
                    }
                case 118: {
                        if (wireType !== 2)
                            break;
                        message.lrn_param = $root.caffe.LRNParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.lrn_param);
                        continue;
                    }
                case 121: {
                        if (wireType !== 2)
                            break;
                        message.pooling_param = $root.caffe.PoolingParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.pooling_param);
                        continue;
                    }
                case 123: {
                        if (wireType !== 2)
                            break;
                        message.relu_param = $root.caffe.ReLUParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.relu_param);
                        continue;
                    }
                case 142: {
                        if (wireType !== 2)
                            break;
                        message.scale_param = $root.caffe.ScaleParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.scale_param);
                        continue;
                    }
                case 125: {
                        if (wireType !== 2)
                            break;
                        message.softmax_param = $root.caffe.SoftmaxParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.softmax_param);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return LayerParameter;
    })();

    caffe.TransformationParameter = (function() {

        /**
         * Properties of a TransformationParameter.
         * @typedef {Object} caffe.TransformationParameter.$Properties
         * @property {number|null} [scale] TransformationParameter scale
         * @property {boolean|null} [mirror] TransformationParameter mirror
         * @property {number|null} [crop_size] TransformationParameter crop_size
         * @property {string|null} [mean_file] TransformationParameter mean_file
         * @property {Array.<number>|null} [mean_value] TransformationParameter mean_value
         * @property {boolean|null} [force_color] TransformationParameter force_color
         * @property {boolean|null} [force_gray] TransformationParameter force_gray
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a TransformationParameter.
         * @memberof caffe
         * @interface ITransformationParameter
         * @augments caffe.TransformationParameter.$Properties
         * @deprecated Use caffe.TransformationParameter.$Properties instead.
         */

        /**
         * Shape of a TransformationParameter.
         * @typedef {caffe.TransformationParameter.$Properties} caffe.TransformationParameter.$Shape
         */

        /**
         * Constructs a new TransformationParameter.
         * @memberof caffe
         * @classdesc Represents a TransformationParameter.
         * @constructor
         * @param {caffe.TransformationParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const TransformationParameter = function (properties) {
            this.mean_value = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * TransformationParameter scale.
         * @member {number} scale
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.scale = 1;

        /**
         * TransformationParameter mirror.
         * @member {boolean} mirror
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.mirror = false;

        /**
         * TransformationParameter crop_size.
         * @member {number} crop_size
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.crop_size = 0;

        /**
         * TransformationParameter mean_file.
         * @member {string} mean_file
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.mean_file = "";

        /**
         * TransformationParameter mean_value.
         * @member {Array.<number>} mean_value
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.mean_value = $util.emptyArray;

        /**
         * TransformationParameter force_color.
         * @member {boolean} force_color
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.force_color = false;

        /**
         * TransformationParameter force_gray.
         * @member {boolean} force_gray
         * @memberof caffe.TransformationParameter
         * @instance
         */
        TransformationParameter.prototype.force_gray = false;

        /**
         * Creates a new TransformationParameter instance using the specified properties.
         * @function create
         * @memberof caffe.TransformationParameter
         * @static
         * @param {caffe.TransformationParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.TransformationParameter} TransformationParameter instance
         * @type {{
         *   (properties: caffe.TransformationParameter.$Shape): caffe.TransformationParameter & caffe.TransformationParameter.$Shape;
         *   (properties?: caffe.TransformationParameter.$Properties): caffe.TransformationParameter;
         * }}
         */
        TransformationParameter.create = function(properties) {
            return new TransformationParameter(properties);
        };

        /**
         * Encodes the specified TransformationParameter message. Does not implicitly {@link caffe.TransformationParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.TransformationParameter
         * @static
         * @param {caffe.TransformationParameter.$Properties} message TransformationParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TransformationParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale"))
                writer.uint32(/* id 1, wireType 5 =*/13).float(message.scale);
            if (message.mirror != null && $Object.hasOwnProperty.call(message, "mirror"))
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.mirror);
            if (message.crop_size != null && $Object.hasOwnProperty.call(message, "crop_size"))
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.crop_size);
            if (message.mean_file != null && $Object.hasOwnProperty.call(message, "mean_file"))
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.mean_file);
            if (message.mean_value != null && message.mean_value.length)
                for (let i = 0; i < message.mean_value.length; ++i)
                    writer.uint32(/* id 5, wireType 5 =*/45).float(message.mean_value[i]);
            if (message.force_color != null && $Object.hasOwnProperty.call(message, "force_color"))
                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.force_color);
            if (message.force_gray != null && $Object.hasOwnProperty.call(message, "force_gray"))
                writer.uint32(/* id 7, wireType 0 =*/56).bool(message.force_gray);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a TransformationParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.TransformationParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.TransformationParameter & caffe.TransformationParameter.$Shape} TransformationParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TransformationParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.TransformationParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 5)
                            break;
                        message.scale = reader.float();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.mirror = reader.bool();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.crop_size = reader.uint32();
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.mean_file = reader.string();
                        continue;
                    }
                case 5: {
                        if (wireType === 2) {
                            if (!(message.mean_value && message.mean_value.length))
                                message.mean_value = [];
                            reader.floats(message.mean_value);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.mean_value && message.mean_value.length))
                            message.mean_value = [];
                        message.mean_value.push(reader.float());
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        message.force_color = reader.bool();
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.force_gray = reader.bool();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return TransformationParameter;
    })();

    caffe.LossParameter = (function() {

        /**
         * Properties of a LossParameter.
         * @typedef {Object} caffe.LossParameter.$Properties
         * @property {number|null} [ignore_label] LossParameter ignore_label
         * @property {caffe.LossParameter.NormalizationMode|null} [normalization] LossParameter normalization
         * @property {boolean|null} [normalize] LossParameter normalize
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LossParameter.
         * @memberof caffe
         * @interface ILossParameter
         * @augments caffe.LossParameter.$Properties
         * @deprecated Use caffe.LossParameter.$Properties instead.
         */

        /**
         * Shape of a LossParameter.
         * @typedef {caffe.LossParameter.$Properties} caffe.LossParameter.$Shape
         */

        /**
         * Constructs a new LossParameter.
         * @memberof caffe
         * @classdesc Represents a LossParameter.
         * @constructor
         * @param {caffe.LossParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LossParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LossParameter ignore_label.
         * @member {number} ignore_label
         * @memberof caffe.LossParameter
         * @instance
         */
        LossParameter.prototype.ignore_label = 0;

        /**
         * LossParameter normalization.
         * @member {caffe.LossParameter.NormalizationMode} normalization
         * @memberof caffe.LossParameter
         * @instance
         */
        LossParameter.prototype.normalization = 1;

        /**
         * LossParameter normalize.
         * @member {boolean} normalize
         * @memberof caffe.LossParameter
         * @instance
         */
        LossParameter.prototype.normalize = false;

        /**
         * Creates a new LossParameter instance using the specified properties.
         * @function create
         * @memberof caffe.LossParameter
         * @static
         * @param {caffe.LossParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.LossParameter} LossParameter instance
         * @type {{
         *   (properties: caffe.LossParameter.$Shape): caffe.LossParameter & caffe.LossParameter.$Shape;
         *   (properties?: caffe.LossParameter.$Properties): caffe.LossParameter;
         * }}
         */
        LossParameter.create = function(properties) {
            return new LossParameter(properties);
        };

        /**
         * Encodes the specified LossParameter message. Does not implicitly {@link caffe.LossParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.LossParameter
         * @static
         * @param {caffe.LossParameter.$Properties} message LossParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LossParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.ignore_label != null && $Object.hasOwnProperty.call(message, "ignore_label"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.ignore_label);
            if (message.normalize != null && $Object.hasOwnProperty.call(message, "normalize"))
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.normalize);
            if (message.normalization != null && $Object.hasOwnProperty.call(message, "normalization"))
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.normalization);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LossParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.LossParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.LossParameter & caffe.LossParameter.$Shape} LossParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LossParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.LossParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.ignore_label = reader.int32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.LossParameter.NormalizationMode[value] !== $undefined)
                            message.normalization = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.normalize = reader.bool();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * NormalizationMode enum.
         * @name caffe.LossParameter.NormalizationMode
         * @enum {number}
         * @property {number} FULL=0 FULL value
         * @property {number} VALID=1 VALID value
         * @property {number} BATCH_SIZE=2 BATCH_SIZE value
         * @property {number} NONE=3 NONE value
         */
        LossParameter.NormalizationMode = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "FULL"] = 0;
            values[valuesById[1] = "VALID"] = 1;
            values[valuesById[2] = "BATCH_SIZE"] = 2;
            values[valuesById[3] = "NONE"] = 3;
            return values;
        })();

        return LossParameter;
    })();

    caffe.AccuracyParameter = (function() {

        /**
         * Properties of an AccuracyParameter.
         * @typedef {Object} caffe.AccuracyParameter.$Properties
         * @property {number|null} [top_k] AccuracyParameter top_k
         * @property {number|null} [axis] AccuracyParameter axis
         * @property {number|null} [ignore_label] AccuracyParameter ignore_label
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AccuracyParameter.
         * @memberof caffe
         * @interface IAccuracyParameter
         * @augments caffe.AccuracyParameter.$Properties
         * @deprecated Use caffe.AccuracyParameter.$Properties instead.
         */

        /**
         * Shape of an AccuracyParameter.
         * @typedef {caffe.AccuracyParameter.$Properties} caffe.AccuracyParameter.$Shape
         */

        /**
         * Constructs a new AccuracyParameter.
         * @memberof caffe
         * @classdesc Represents an AccuracyParameter.
         * @constructor
         * @param {caffe.AccuracyParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AccuracyParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AccuracyParameter top_k.
         * @member {number} top_k
         * @memberof caffe.AccuracyParameter
         * @instance
         */
        AccuracyParameter.prototype.top_k = 1;

        /**
         * AccuracyParameter axis.
         * @member {number} axis
         * @memberof caffe.AccuracyParameter
         * @instance
         */
        AccuracyParameter.prototype.axis = 1;

        /**
         * AccuracyParameter ignore_label.
         * @member {number} ignore_label
         * @memberof caffe.AccuracyParameter
         * @instance
         */
        AccuracyParameter.prototype.ignore_label = 0;

        /**
         * Creates a new AccuracyParameter instance using the specified properties.
         * @function create
         * @memberof caffe.AccuracyParameter
         * @static
         * @param {caffe.AccuracyParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.AccuracyParameter} AccuracyParameter instance
         * @type {{
         *   (properties: caffe.AccuracyParameter.$Shape): caffe.AccuracyParameter & caffe.AccuracyParameter.$Shape;
         *   (properties?: caffe.AccuracyParameter.$Properties): caffe.AccuracyParameter;
         * }}
         */
        AccuracyParameter.create = function(properties) {
            return new AccuracyParameter(properties);
        };

        /**
         * Encodes the specified AccuracyParameter message. Does not implicitly {@link caffe.AccuracyParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.AccuracyParameter
         * @static
         * @param {caffe.AccuracyParameter.$Properties} message AccuracyParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AccuracyParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.top_k != null && $Object.hasOwnProperty.call(message, "top_k"))
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.top_k);
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.axis);
            if (message.ignore_label != null && $Object.hasOwnProperty.call(message, "ignore_label"))
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.ignore_label);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AccuracyParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.AccuracyParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.AccuracyParameter & caffe.AccuracyParameter.$Shape} AccuracyParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AccuracyParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.AccuracyParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.top_k = reader.uint32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.ignore_label = reader.int32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return AccuracyParameter;
    })();

    caffe.BatchNormParameter = (function() {

        /**
         * Properties of a BatchNormParameter.
         * @typedef {Object} caffe.BatchNormParameter.$Properties
         * @property {boolean|null} [use_global_stats] BatchNormParameter use_global_stats
         * @property {number|null} [moving_average_fraction] BatchNormParameter moving_average_fraction
         * @property {number|null} [eps] BatchNormParameter eps
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BatchNormParameter.
         * @memberof caffe
         * @interface IBatchNormParameter
         * @augments caffe.BatchNormParameter.$Properties
         * @deprecated Use caffe.BatchNormParameter.$Properties instead.
         */

        /**
         * Shape of a BatchNormParameter.
         * @typedef {caffe.BatchNormParameter.$Properties} caffe.BatchNormParameter.$Shape
         */

        /**
         * Constructs a new BatchNormParameter.
         * @memberof caffe
         * @classdesc Represents a BatchNormParameter.
         * @constructor
         * @param {caffe.BatchNormParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BatchNormParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BatchNormParameter use_global_stats.
         * @member {boolean} use_global_stats
         * @memberof caffe.BatchNormParameter
         * @instance
         */
        BatchNormParameter.prototype.use_global_stats = false;

        /**
         * BatchNormParameter moving_average_fraction.
         * @member {number} moving_average_fraction
         * @memberof caffe.BatchNormParameter
         * @instance
         */
        BatchNormParameter.prototype.moving_average_fraction = 0.999;

        /**
         * BatchNormParameter eps.
         * @member {number} eps
         * @memberof caffe.BatchNormParameter
         * @instance
         */
        BatchNormParameter.prototype.eps = 0.00001;

        /**
         * Creates a new BatchNormParameter instance using the specified properties.
         * @function create
         * @memberof caffe.BatchNormParameter
         * @static
         * @param {caffe.BatchNormParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.BatchNormParameter} BatchNormParameter instance
         * @type {{
         *   (properties: caffe.BatchNormParameter.$Shape): caffe.BatchNormParameter & caffe.BatchNormParameter.$Shape;
         *   (properties?: caffe.BatchNormParameter.$Properties): caffe.BatchNormParameter;
         * }}
         */
        BatchNormParameter.create = function(properties) {
            return new BatchNormParameter(properties);
        };

        /**
         * Encodes the specified BatchNormParameter message. Does not implicitly {@link caffe.BatchNormParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.BatchNormParameter
         * @static
         * @param {caffe.BatchNormParameter.$Properties} message BatchNormParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BatchNormParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.use_global_stats != null && $Object.hasOwnProperty.call(message, "use_global_stats"))
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.use_global_stats);
            if (message.moving_average_fraction != null && $Object.hasOwnProperty.call(message, "moving_average_fraction"))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.moving_average_fraction);
            if (message.eps != null && $Object.hasOwnProperty.call(message, "eps"))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.eps);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BatchNormParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.BatchNormParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.BatchNormParameter & caffe.BatchNormParameter.$Shape} BatchNormParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BatchNormParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.BatchNormParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.use_global_stats = reader.bool();
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        message.moving_average_fraction = reader.float();
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        message.eps = reader.float();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return BatchNormParameter;
    })();

    caffe.ConcatParameter = (function() {

        /**
         * Properties of a ConcatParameter.
         * @typedef {Object} caffe.ConcatParameter.$Properties
         * @property {number|null} [axis] ConcatParameter axis
         * @property {number|null} [concat_dim] ConcatParameter concat_dim
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ConcatParameter.
         * @memberof caffe
         * @interface IConcatParameter
         * @augments caffe.ConcatParameter.$Properties
         * @deprecated Use caffe.ConcatParameter.$Properties instead.
         */

        /**
         * Shape of a ConcatParameter.
         * @typedef {caffe.ConcatParameter.$Properties} caffe.ConcatParameter.$Shape
         */

        /**
         * Constructs a new ConcatParameter.
         * @memberof caffe
         * @classdesc Represents a ConcatParameter.
         * @constructor
         * @param {caffe.ConcatParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ConcatParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ConcatParameter axis.
         * @member {number} axis
         * @memberof caffe.ConcatParameter
         * @instance
         */
        ConcatParameter.prototype.axis = 1;

        /**
         * ConcatParameter concat_dim.
         * @member {number} concat_dim
         * @memberof caffe.ConcatParameter
         * @instance
         */
        ConcatParameter.prototype.concat_dim = 1;

        /**
         * Creates a new ConcatParameter instance using the specified properties.
         * @function create
         * @memberof caffe.ConcatParameter
         * @static
         * @param {caffe.ConcatParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.ConcatParameter} ConcatParameter instance
         * @type {{
         *   (properties: caffe.ConcatParameter.$Shape): caffe.ConcatParameter & caffe.ConcatParameter.$Shape;
         *   (properties?: caffe.ConcatParameter.$Properties): caffe.ConcatParameter;
         * }}
         */
        ConcatParameter.create = function(properties) {
            return new ConcatParameter(properties);
        };

        /**
         * Encodes the specified ConcatParameter message. Does not implicitly {@link caffe.ConcatParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.ConcatParameter
         * @static
         * @param {caffe.ConcatParameter.$Properties} message ConcatParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ConcatParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.concat_dim != null && $Object.hasOwnProperty.call(message, "concat_dim"))
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.concat_dim);
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.axis);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ConcatParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.ConcatParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.ConcatParameter & caffe.ConcatParameter.$Shape} ConcatParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ConcatParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.ConcatParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.concat_dim = reader.uint32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return ConcatParameter;
    })();

    caffe.ConvolutionParameter = (function() {

        /**
         * Properties of a ConvolutionParameter.
         * @typedef {Object} caffe.ConvolutionParameter.$Properties
         * @property {number|null} [num_output] ConvolutionParameter num_output
         * @property {boolean|null} [bias_term] ConvolutionParameter bias_term
         * @property {Array.<number>|null} [pad] ConvolutionParameter pad
         * @property {Array.<number>|null} [kernel_size] ConvolutionParameter kernel_size
         * @property {Array.<number>|null} [stride] ConvolutionParameter stride
         * @property {Array.<number>|null} [dilation] ConvolutionParameter dilation
         * @property {number|null} [pad_h] ConvolutionParameter pad_h
         * @property {number|null} [pad_w] ConvolutionParameter pad_w
         * @property {number|null} [kernel_h] ConvolutionParameter kernel_h
         * @property {number|null} [kernel_w] ConvolutionParameter kernel_w
         * @property {number|null} [stride_h] ConvolutionParameter stride_h
         * @property {number|null} [stride_w] ConvolutionParameter stride_w
         * @property {number|null} [group] ConvolutionParameter group
         * @property {caffe.FillerParameter.$Properties|null} [weight_filler] ConvolutionParameter weight_filler
         * @property {caffe.FillerParameter.$Properties|null} [bias_filler] ConvolutionParameter bias_filler
         * @property {caffe.ConvolutionParameter.Engine|null} [engine] ConvolutionParameter engine
         * @property {number|null} [axis] ConvolutionParameter axis
         * @property {boolean|null} [force_nd_im2col] ConvolutionParameter force_nd_im2col
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ConvolutionParameter.
         * @memberof caffe
         * @interface IConvolutionParameter
         * @augments caffe.ConvolutionParameter.$Properties
         * @deprecated Use caffe.ConvolutionParameter.$Properties instead.
         */

        /**
         * Shape of a ConvolutionParameter.
         * @typedef {caffe.ConvolutionParameter.$Properties} caffe.ConvolutionParameter.$Shape
         */

        /**
         * Constructs a new ConvolutionParameter.
         * @memberof caffe
         * @classdesc Represents a ConvolutionParameter.
         * @constructor
         * @param {caffe.ConvolutionParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ConvolutionParameter = function (properties) {
            this.pad = [];
            this.kernel_size = [];
            this.stride = [];
            this.dilation = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ConvolutionParameter num_output.
         * @member {number} num_output
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.num_output = 0;

        /**
         * ConvolutionParameter bias_term.
         * @member {boolean} bias_term
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.bias_term = true;

        /**
         * ConvolutionParameter pad.
         * @member {Array.<number>} pad
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.pad = $util.emptyArray;

        /**
         * ConvolutionParameter kernel_size.
         * @member {Array.<number>} kernel_size
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.kernel_size = $util.emptyArray;

        /**
         * ConvolutionParameter stride.
         * @member {Array.<number>} stride
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.stride = $util.emptyArray;

        /**
         * ConvolutionParameter dilation.
         * @member {Array.<number>} dilation
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.dilation = $util.emptyArray;

        /**
         * ConvolutionParameter pad_h.
         * @member {number} pad_h
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.pad_h = 0;

        /**
         * ConvolutionParameter pad_w.
         * @member {number} pad_w
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.pad_w = 0;

        /**
         * ConvolutionParameter kernel_h.
         * @member {number} kernel_h
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.kernel_h = 0;

        /**
         * ConvolutionParameter kernel_w.
         * @member {number} kernel_w
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.kernel_w = 0;

        /**
         * ConvolutionParameter stride_h.
         * @member {number} stride_h
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.stride_h = 0;

        /**
         * ConvolutionParameter stride_w.
         * @member {number} stride_w
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.stride_w = 0;

        /**
         * ConvolutionParameter group.
         * @member {number} group
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.group = 1;

        /**
         * ConvolutionParameter weight_filler.
         * @member {caffe.FillerParameter.$Properties|null|undefined} weight_filler
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.weight_filler = null;

        /**
         * ConvolutionParameter bias_filler.
         * @member {caffe.FillerParameter.$Properties|null|undefined} bias_filler
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.bias_filler = null;

        /**
         * ConvolutionParameter engine.
         * @member {caffe.ConvolutionParameter.Engine} engine
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.engine = 0;

        /**
         * ConvolutionParameter axis.
         * @member {number} axis
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.axis = 1;

        /**
         * ConvolutionParameter force_nd_im2col.
         * @member {boolean} force_nd_im2col
         * @memberof caffe.ConvolutionParameter
         * @instance
         */
        ConvolutionParameter.prototype.force_nd_im2col = false;

        /**
         * Creates a new ConvolutionParameter instance using the specified properties.
         * @function create
         * @memberof caffe.ConvolutionParameter
         * @static
         * @param {caffe.ConvolutionParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.ConvolutionParameter} ConvolutionParameter instance
         * @type {{
         *   (properties: caffe.ConvolutionParameter.$Shape): caffe.ConvolutionParameter & caffe.ConvolutionParameter.$Shape;
         *   (properties?: caffe.ConvolutionParameter.$Properties): caffe.ConvolutionParameter;
         * }}
         */
        ConvolutionParameter.create = function(properties) {
            return new ConvolutionParameter(properties);
        };

        /**
         * Encodes the specified ConvolutionParameter message. Does not implicitly {@link caffe.ConvolutionParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.ConvolutionParameter
         * @static
         * @param {caffe.ConvolutionParameter.$Properties} message ConvolutionParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ConvolutionParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.num_output != null && $Object.hasOwnProperty.call(message, "num_output"))
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.num_output);
            if (message.bias_term != null && $Object.hasOwnProperty.call(message, "bias_term"))
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.bias_term);
            if (message.pad != null && message.pad.length)
                for (let i = 0; i < message.pad.length; ++i)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.pad[i]);
            if (message.kernel_size != null && message.kernel_size.length)
                for (let i = 0; i < message.kernel_size.length; ++i)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.kernel_size[i]);
            if (message.group != null && $Object.hasOwnProperty.call(message, "group"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.group);
            if (message.stride != null && message.stride.length)
                for (let i = 0; i < message.stride.length; ++i)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.stride[i]);
            if (message.weight_filler != null && $Object.hasOwnProperty.call(message, "weight_filler"))
                $root.caffe.FillerParameter.encode(message.weight_filler, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.bias_filler != null && $Object.hasOwnProperty.call(message, "bias_filler"))
                $root.caffe.FillerParameter.encode(message.bias_filler, writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
            if (message.pad_h != null && $Object.hasOwnProperty.call(message, "pad_h"))
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.pad_h);
            if (message.pad_w != null && $Object.hasOwnProperty.call(message, "pad_w"))
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.pad_w);
            if (message.kernel_h != null && $Object.hasOwnProperty.call(message, "kernel_h"))
                writer.uint32(/* id 11, wireType 0 =*/88).uint32(message.kernel_h);
            if (message.kernel_w != null && $Object.hasOwnProperty.call(message, "kernel_w"))
                writer.uint32(/* id 12, wireType 0 =*/96).uint32(message.kernel_w);
            if (message.stride_h != null && $Object.hasOwnProperty.call(message, "stride_h"))
                writer.uint32(/* id 13, wireType 0 =*/104).uint32(message.stride_h);
            if (message.stride_w != null && $Object.hasOwnProperty.call(message, "stride_w"))
                writer.uint32(/* id 14, wireType 0 =*/112).uint32(message.stride_w);
            if (message.engine != null && $Object.hasOwnProperty.call(message, "engine"))
                writer.uint32(/* id 15, wireType 0 =*/120).int32(message.engine);
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 16, wireType 0 =*/128).int32(message.axis);
            if (message.force_nd_im2col != null && $Object.hasOwnProperty.call(message, "force_nd_im2col"))
                writer.uint32(/* id 17, wireType 0 =*/136).bool(message.force_nd_im2col);
            if (message.dilation != null && message.dilation.length)
                for (let i = 0; i < message.dilation.length; ++i)
                    writer.uint32(/* id 18, wireType 0 =*/144).uint32(message.dilation[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ConvolutionParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.ConvolutionParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.ConvolutionParameter & caffe.ConvolutionParameter.$Shape} ConvolutionParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ConvolutionParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.ConvolutionParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.num_output = reader.uint32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.bias_term = reader.bool();
                        continue;
                    }
                case 3: {
                        if (wireType === 2) {
                            if (!(message.pad && message.pad.length))
                                message.pad = [];
                            reader.uint32s(message.pad);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.pad && message.pad.length))
                            message.pad = [];
                        message.pad.push(reader.uint32());
                        continue;
                    }
                case 4: {
                        if (wireType === 2) {
                            if (!(message.kernel_size && message.kernel_size.length))
                                message.kernel_size = [];
                            reader.uint32s(message.kernel_size);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.kernel_size && message.kernel_size.length))
                            message.kernel_size = [];
                        message.kernel_size.push(reader.uint32());
                        continue;
                    }
                case 6: {
                        if (wireType === 2) {
                            if (!(message.stride && message.stride.length))
                                message.stride = [];
                            reader.uint32s(message.stride);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.stride && message.stride.length))
                            message.stride = [];
                        message.stride.push(reader.uint32());
                        continue;
                    }
                case 18: {
                        if (wireType === 2) {
                            if (!(message.dilation && message.dilation.length))
                                message.dilation = [];
                            reader.uint32s(message.dilation);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.dilation && message.dilation.length))
                            message.dilation = [];
                        message.dilation.push(reader.uint32());
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        message.pad_h = reader.uint32();
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        message.pad_w = reader.uint32();
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        message.kernel_h = reader.uint32();
                        continue;
                    }
                case 12: {
                        if (wireType !== 0)
                            break;
                        message.kernel_w = reader.uint32();
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        message.stride_h = reader.uint32();
                        continue;
                    }
                case 14: {
                        if (wireType !== 0)
                            break;
                        message.stride_w = reader.uint32();
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.group = reader.uint32();
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.weight_filler = $root.caffe.FillerParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.weight_filler);
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        message.bias_filler = $root.caffe.FillerParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.bias_filler);
                        continue;
                    }
                case 15: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.ConvolutionParameter.Engine[value] !== $undefined)
                            message.engine = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 16: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                case 17: {
                        if (wireType !== 0)
                            break;
                        message.force_nd_im2col = reader.bool();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Engine enum.
         * @name caffe.ConvolutionParameter.Engine
         * @enum {number}
         * @property {number} DEFAULT=0 DEFAULT value
         * @property {number} CAFFE=1 CAFFE value
         * @property {number} CUDNN=2 CUDNN value
         */
        ConvolutionParameter.Engine = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DEFAULT"] = 0;
            values[valuesById[1] = "CAFFE"] = 1;
            values[valuesById[2] = "CUDNN"] = 2;
            return values;
        })();

        return ConvolutionParameter;
    })();

    caffe.DataParameter = (function() {

        /**
         * Properties of a DataParameter.
         * @typedef {Object} caffe.DataParameter.$Properties
         * @property {string|null} [source] DataParameter source
         * @property {number|null} [batch_size] DataParameter batch_size
         * @property {number|null} [rand_skip] DataParameter rand_skip
         * @property {caffe.DataParameter.DB|null} [backend] DataParameter backend
         * @property {number|null} [scale] DataParameter scale
         * @property {string|null} [mean_file] DataParameter mean_file
         * @property {number|null} [crop_size] DataParameter crop_size
         * @property {boolean|null} [mirror] DataParameter mirror
         * @property {boolean|null} [force_encoded_color] DataParameter force_encoded_color
         * @property {number|null} [prefetch] DataParameter prefetch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DataParameter.
         * @memberof caffe
         * @interface IDataParameter
         * @augments caffe.DataParameter.$Properties
         * @deprecated Use caffe.DataParameter.$Properties instead.
         */

        /**
         * Shape of a DataParameter.
         * @typedef {caffe.DataParameter.$Properties} caffe.DataParameter.$Shape
         */

        /**
         * Constructs a new DataParameter.
         * @memberof caffe
         * @classdesc Represents a DataParameter.
         * @constructor
         * @param {caffe.DataParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DataParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DataParameter source.
         * @member {string} source
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.source = "";

        /**
         * DataParameter batch_size.
         * @member {number} batch_size
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.batch_size = 0;

        /**
         * DataParameter rand_skip.
         * @member {number} rand_skip
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.rand_skip = 0;

        /**
         * DataParameter backend.
         * @member {caffe.DataParameter.DB} backend
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.backend = 0;

        /**
         * DataParameter scale.
         * @member {number} scale
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.scale = 1;

        /**
         * DataParameter mean_file.
         * @member {string} mean_file
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.mean_file = "";

        /**
         * DataParameter crop_size.
         * @member {number} crop_size
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.crop_size = 0;

        /**
         * DataParameter mirror.
         * @member {boolean} mirror
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.mirror = false;

        /**
         * DataParameter force_encoded_color.
         * @member {boolean} force_encoded_color
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.force_encoded_color = false;

        /**
         * DataParameter prefetch.
         * @member {number} prefetch
         * @memberof caffe.DataParameter
         * @instance
         */
        DataParameter.prototype.prefetch = 4;

        /**
         * Creates a new DataParameter instance using the specified properties.
         * @function create
         * @memberof caffe.DataParameter
         * @static
         * @param {caffe.DataParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.DataParameter} DataParameter instance
         * @type {{
         *   (properties: caffe.DataParameter.$Shape): caffe.DataParameter & caffe.DataParameter.$Shape;
         *   (properties?: caffe.DataParameter.$Properties): caffe.DataParameter;
         * }}
         */
        DataParameter.create = function(properties) {
            return new DataParameter(properties);
        };

        /**
         * Encodes the specified DataParameter message. Does not implicitly {@link caffe.DataParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.DataParameter
         * @static
         * @param {caffe.DataParameter.$Properties} message DataParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DataParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.source);
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale"))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.scale);
            if (message.mean_file != null && $Object.hasOwnProperty.call(message, "mean_file"))
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.mean_file);
            if (message.batch_size != null && $Object.hasOwnProperty.call(message, "batch_size"))
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.batch_size);
            if (message.crop_size != null && $Object.hasOwnProperty.call(message, "crop_size"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.crop_size);
            if (message.mirror != null && $Object.hasOwnProperty.call(message, "mirror"))
                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.mirror);
            if (message.rand_skip != null && $Object.hasOwnProperty.call(message, "rand_skip"))
                writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.rand_skip);
            if (message.backend != null && $Object.hasOwnProperty.call(message, "backend"))
                writer.uint32(/* id 8, wireType 0 =*/64).int32(message.backend);
            if (message.force_encoded_color != null && $Object.hasOwnProperty.call(message, "force_encoded_color"))
                writer.uint32(/* id 9, wireType 0 =*/72).bool(message.force_encoded_color);
            if (message.prefetch != null && $Object.hasOwnProperty.call(message, "prefetch"))
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.prefetch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DataParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.DataParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.DataParameter & caffe.DataParameter.$Shape} DataParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DataParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.DataParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.source = reader.string();
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.batch_size = reader.uint32();
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.rand_skip = reader.uint32();
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.DataParameter.DB[value] !== $undefined)
                            message.backend = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        message.scale = reader.float();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.mean_file = reader.string();
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.crop_size = reader.uint32();
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        message.mirror = reader.bool();
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        message.force_encoded_color = reader.bool();
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        message.prefetch = reader.uint32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * DB enum.
         * @name caffe.DataParameter.DB
         * @enum {number}
         * @property {number} LEVELDB=0 LEVELDB value
         * @property {number} LMDB=1 LMDB value
         */
        DataParameter.DB = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "LEVELDB"] = 0;
            values[valuesById[1] = "LMDB"] = 1;
            return values;
        })();

        return DataParameter;
    })();

    caffe.DropoutParameter = (function() {

        /**
         * Properties of a DropoutParameter.
         * @typedef {Object} caffe.DropoutParameter.$Properties
         * @property {number|null} [dropout_ratio] DropoutParameter dropout_ratio
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DropoutParameter.
         * @memberof caffe
         * @interface IDropoutParameter
         * @augments caffe.DropoutParameter.$Properties
         * @deprecated Use caffe.DropoutParameter.$Properties instead.
         */

        /**
         * Shape of a DropoutParameter.
         * @typedef {caffe.DropoutParameter.$Properties} caffe.DropoutParameter.$Shape
         */

        /**
         * Constructs a new DropoutParameter.
         * @memberof caffe
         * @classdesc Represents a DropoutParameter.
         * @constructor
         * @param {caffe.DropoutParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DropoutParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DropoutParameter dropout_ratio.
         * @member {number} dropout_ratio
         * @memberof caffe.DropoutParameter
         * @instance
         */
        DropoutParameter.prototype.dropout_ratio = 0.5;

        /**
         * Creates a new DropoutParameter instance using the specified properties.
         * @function create
         * @memberof caffe.DropoutParameter
         * @static
         * @param {caffe.DropoutParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.DropoutParameter} DropoutParameter instance
         * @type {{
         *   (properties: caffe.DropoutParameter.$Shape): caffe.DropoutParameter & caffe.DropoutParameter.$Shape;
         *   (properties?: caffe.DropoutParameter.$Properties): caffe.DropoutParameter;
         * }}
         */
        DropoutParameter.create = function(properties) {
            return new DropoutParameter(properties);
        };

        /**
         * Encodes the specified DropoutParameter message. Does not implicitly {@link caffe.DropoutParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.DropoutParameter
         * @static
         * @param {caffe.DropoutParameter.$Properties} message DropoutParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DropoutParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.dropout_ratio != null && $Object.hasOwnProperty.call(message, "dropout_ratio"))
                writer.uint32(/* id 1, wireType 5 =*/13).float(message.dropout_ratio);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DropoutParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.DropoutParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.DropoutParameter & caffe.DropoutParameter.$Shape} DropoutParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DropoutParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.DropoutParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 5)
                            break;
                        message.dropout_ratio = reader.float();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return DropoutParameter;
    })();

    caffe.EltwiseParameter = (function() {

        /**
         * Properties of an EltwiseParameter.
         * @typedef {Object} caffe.EltwiseParameter.$Properties
         * @property {caffe.EltwiseParameter.EltwiseOp|null} [operation] EltwiseParameter operation
         * @property {Array.<number>|null} [coeff] EltwiseParameter coeff
         * @property {boolean|null} [stable_prod_grad] EltwiseParameter stable_prod_grad
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an EltwiseParameter.
         * @memberof caffe
         * @interface IEltwiseParameter
         * @augments caffe.EltwiseParameter.$Properties
         * @deprecated Use caffe.EltwiseParameter.$Properties instead.
         */

        /**
         * Shape of an EltwiseParameter.
         * @typedef {caffe.EltwiseParameter.$Properties} caffe.EltwiseParameter.$Shape
         */

        /**
         * Constructs a new EltwiseParameter.
         * @memberof caffe
         * @classdesc Represents an EltwiseParameter.
         * @constructor
         * @param {caffe.EltwiseParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const EltwiseParameter = function (properties) {
            this.coeff = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * EltwiseParameter operation.
         * @member {caffe.EltwiseParameter.EltwiseOp} operation
         * @memberof caffe.EltwiseParameter
         * @instance
         */
        EltwiseParameter.prototype.operation = 1;

        /**
         * EltwiseParameter coeff.
         * @member {Array.<number>} coeff
         * @memberof caffe.EltwiseParameter
         * @instance
         */
        EltwiseParameter.prototype.coeff = $util.emptyArray;

        /**
         * EltwiseParameter stable_prod_grad.
         * @member {boolean} stable_prod_grad
         * @memberof caffe.EltwiseParameter
         * @instance
         */
        EltwiseParameter.prototype.stable_prod_grad = true;

        /**
         * Creates a new EltwiseParameter instance using the specified properties.
         * @function create
         * @memberof caffe.EltwiseParameter
         * @static
         * @param {caffe.EltwiseParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.EltwiseParameter} EltwiseParameter instance
         * @type {{
         *   (properties: caffe.EltwiseParameter.$Shape): caffe.EltwiseParameter & caffe.EltwiseParameter.$Shape;
         *   (properties?: caffe.EltwiseParameter.$Properties): caffe.EltwiseParameter;
         * }}
         */
        EltwiseParameter.create = function(properties) {
            return new EltwiseParameter(properties);
        };

        /**
         * Encodes the specified EltwiseParameter message. Does not implicitly {@link caffe.EltwiseParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.EltwiseParameter
         * @static
         * @param {caffe.EltwiseParameter.$Properties} message EltwiseParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        EltwiseParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.operation != null && $Object.hasOwnProperty.call(message, "operation"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.operation);
            if (message.coeff != null && message.coeff.length)
                for (let i = 0; i < message.coeff.length; ++i)
                    writer.uint32(/* id 2, wireType 5 =*/21).float(message.coeff[i]);
            if (message.stable_prod_grad != null && $Object.hasOwnProperty.call(message, "stable_prod_grad"))
                writer.uint32(/* id 3, wireType 0 =*/24).bool(message.stable_prod_grad);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an EltwiseParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.EltwiseParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.EltwiseParameter & caffe.EltwiseParameter.$Shape} EltwiseParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        EltwiseParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.EltwiseParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.EltwiseParameter.EltwiseOp[value] !== $undefined)
                            message.operation = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 2: {
                        if (wireType === 2) {
                            if (!(message.coeff && message.coeff.length))
                                message.coeff = [];
                            reader.floats(message.coeff);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.coeff && message.coeff.length))
                            message.coeff = [];
                        message.coeff.push(reader.float());
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.stable_prod_grad = reader.bool();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * EltwiseOp enum.
         * @name caffe.EltwiseParameter.EltwiseOp
         * @enum {number}
         * @property {number} PROD=0 PROD value
         * @property {number} SUM=1 SUM value
         * @property {number} MAX=2 MAX value
         */
        EltwiseParameter.EltwiseOp = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "PROD"] = 0;
            values[valuesById[1] = "SUM"] = 1;
            values[valuesById[2] = "MAX"] = 2;
            return values;
        })();

        return EltwiseParameter;
    })();

    caffe.FlattenParameter = (function() {

        /**
         * Properties of a FlattenParameter.
         * @typedef {Object} caffe.FlattenParameter.$Properties
         * @property {number|null} [axis] FlattenParameter axis
         * @property {number|null} [end_axis] FlattenParameter end_axis
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a FlattenParameter.
         * @memberof caffe
         * @interface IFlattenParameter
         * @augments caffe.FlattenParameter.$Properties
         * @deprecated Use caffe.FlattenParameter.$Properties instead.
         */

        /**
         * Shape of a FlattenParameter.
         * @typedef {caffe.FlattenParameter.$Properties} caffe.FlattenParameter.$Shape
         */

        /**
         * Constructs a new FlattenParameter.
         * @memberof caffe
         * @classdesc Represents a FlattenParameter.
         * @constructor
         * @param {caffe.FlattenParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const FlattenParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * FlattenParameter axis.
         * @member {number} axis
         * @memberof caffe.FlattenParameter
         * @instance
         */
        FlattenParameter.prototype.axis = 1;

        /**
         * FlattenParameter end_axis.
         * @member {number} end_axis
         * @memberof caffe.FlattenParameter
         * @instance
         */
        FlattenParameter.prototype.end_axis = -1;

        /**
         * Creates a new FlattenParameter instance using the specified properties.
         * @function create
         * @memberof caffe.FlattenParameter
         * @static
         * @param {caffe.FlattenParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.FlattenParameter} FlattenParameter instance
         * @type {{
         *   (properties: caffe.FlattenParameter.$Shape): caffe.FlattenParameter & caffe.FlattenParameter.$Shape;
         *   (properties?: caffe.FlattenParameter.$Properties): caffe.FlattenParameter;
         * }}
         */
        FlattenParameter.create = function(properties) {
            return new FlattenParameter(properties);
        };

        /**
         * Encodes the specified FlattenParameter message. Does not implicitly {@link caffe.FlattenParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.FlattenParameter
         * @static
         * @param {caffe.FlattenParameter.$Properties} message FlattenParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        FlattenParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.axis);
            if (message.end_axis != null && $Object.hasOwnProperty.call(message, "end_axis"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.end_axis);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a FlattenParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.FlattenParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.FlattenParameter & caffe.FlattenParameter.$Shape} FlattenParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        FlattenParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.FlattenParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.end_axis = reader.int32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return FlattenParameter;
    })();

    caffe.ImageDataParameter = (function() {

        /**
         * Properties of an ImageDataParameter.
         * @typedef {Object} caffe.ImageDataParameter.$Properties
         * @property {string|null} [source] ImageDataParameter source
         * @property {number|null} [batch_size] ImageDataParameter batch_size
         * @property {number|null} [rand_skip] ImageDataParameter rand_skip
         * @property {boolean|null} [shuffle] ImageDataParameter shuffle
         * @property {number|null} [new_height] ImageDataParameter new_height
         * @property {number|null} [new_width] ImageDataParameter new_width
         * @property {boolean|null} [is_color] ImageDataParameter is_color
         * @property {number|null} [scale] ImageDataParameter scale
         * @property {string|null} [mean_file] ImageDataParameter mean_file
         * @property {number|null} [crop_size] ImageDataParameter crop_size
         * @property {boolean|null} [mirror] ImageDataParameter mirror
         * @property {string|null} [root_folder] ImageDataParameter root_folder
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ImageDataParameter.
         * @memberof caffe
         * @interface IImageDataParameter
         * @augments caffe.ImageDataParameter.$Properties
         * @deprecated Use caffe.ImageDataParameter.$Properties instead.
         */

        /**
         * Shape of an ImageDataParameter.
         * @typedef {caffe.ImageDataParameter.$Properties} caffe.ImageDataParameter.$Shape
         */

        /**
         * Constructs a new ImageDataParameter.
         * @memberof caffe
         * @classdesc Represents an ImageDataParameter.
         * @constructor
         * @param {caffe.ImageDataParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ImageDataParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ImageDataParameter source.
         * @member {string} source
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.source = "";

        /**
         * ImageDataParameter batch_size.
         * @member {number} batch_size
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.batch_size = 1;

        /**
         * ImageDataParameter rand_skip.
         * @member {number} rand_skip
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.rand_skip = 0;

        /**
         * ImageDataParameter shuffle.
         * @member {boolean} shuffle
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.shuffle = false;

        /**
         * ImageDataParameter new_height.
         * @member {number} new_height
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.new_height = 0;

        /**
         * ImageDataParameter new_width.
         * @member {number} new_width
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.new_width = 0;

        /**
         * ImageDataParameter is_color.
         * @member {boolean} is_color
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.is_color = true;

        /**
         * ImageDataParameter scale.
         * @member {number} scale
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.scale = 1;

        /**
         * ImageDataParameter mean_file.
         * @member {string} mean_file
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.mean_file = "";

        /**
         * ImageDataParameter crop_size.
         * @member {number} crop_size
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.crop_size = 0;

        /**
         * ImageDataParameter mirror.
         * @member {boolean} mirror
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.mirror = false;

        /**
         * ImageDataParameter root_folder.
         * @member {string} root_folder
         * @memberof caffe.ImageDataParameter
         * @instance
         */
        ImageDataParameter.prototype.root_folder = "";

        /**
         * Creates a new ImageDataParameter instance using the specified properties.
         * @function create
         * @memberof caffe.ImageDataParameter
         * @static
         * @param {caffe.ImageDataParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.ImageDataParameter} ImageDataParameter instance
         * @type {{
         *   (properties: caffe.ImageDataParameter.$Shape): caffe.ImageDataParameter & caffe.ImageDataParameter.$Shape;
         *   (properties?: caffe.ImageDataParameter.$Properties): caffe.ImageDataParameter;
         * }}
         */
        ImageDataParameter.create = function(properties) {
            return new ImageDataParameter(properties);
        };

        /**
         * Encodes the specified ImageDataParameter message. Does not implicitly {@link caffe.ImageDataParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.ImageDataParameter
         * @static
         * @param {caffe.ImageDataParameter.$Properties} message ImageDataParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ImageDataParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.source);
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale"))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.scale);
            if (message.mean_file != null && $Object.hasOwnProperty.call(message, "mean_file"))
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.mean_file);
            if (message.batch_size != null && $Object.hasOwnProperty.call(message, "batch_size"))
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.batch_size);
            if (message.crop_size != null && $Object.hasOwnProperty.call(message, "crop_size"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.crop_size);
            if (message.mirror != null && $Object.hasOwnProperty.call(message, "mirror"))
                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.mirror);
            if (message.rand_skip != null && $Object.hasOwnProperty.call(message, "rand_skip"))
                writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.rand_skip);
            if (message.shuffle != null && $Object.hasOwnProperty.call(message, "shuffle"))
                writer.uint32(/* id 8, wireType 0 =*/64).bool(message.shuffle);
            if (message.new_height != null && $Object.hasOwnProperty.call(message, "new_height"))
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.new_height);
            if (message.new_width != null && $Object.hasOwnProperty.call(message, "new_width"))
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.new_width);
            if (message.is_color != null && $Object.hasOwnProperty.call(message, "is_color"))
                writer.uint32(/* id 11, wireType 0 =*/88).bool(message.is_color);
            if (message.root_folder != null && $Object.hasOwnProperty.call(message, "root_folder"))
                writer.uint32(/* id 12, wireType 2 =*/98).string(message.root_folder);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ImageDataParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.ImageDataParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.ImageDataParameter & caffe.ImageDataParameter.$Shape} ImageDataParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ImageDataParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.ImageDataParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.source = reader.string();
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.batch_size = reader.uint32();
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.rand_skip = reader.uint32();
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        message.shuffle = reader.bool();
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        message.new_height = reader.uint32();
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        message.new_width = reader.uint32();
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        message.is_color = reader.bool();
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        message.scale = reader.float();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.mean_file = reader.string();
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.crop_size = reader.uint32();
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        message.mirror = reader.bool();
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        message.root_folder = reader.string();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return ImageDataParameter;
    })();

    caffe.InnerProductParameter = (function() {

        /**
         * Properties of an InnerProductParameter.
         * @typedef {Object} caffe.InnerProductParameter.$Properties
         * @property {number|null} [num_output] InnerProductParameter num_output
         * @property {boolean|null} [bias_term] InnerProductParameter bias_term
         * @property {caffe.FillerParameter.$Properties|null} [weight_filler] InnerProductParameter weight_filler
         * @property {caffe.FillerParameter.$Properties|null} [bias_filler] InnerProductParameter bias_filler
         * @property {number|null} [axis] InnerProductParameter axis
         * @property {boolean|null} [transpose] InnerProductParameter transpose
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an InnerProductParameter.
         * @memberof caffe
         * @interface IInnerProductParameter
         * @augments caffe.InnerProductParameter.$Properties
         * @deprecated Use caffe.InnerProductParameter.$Properties instead.
         */

        /**
         * Shape of an InnerProductParameter.
         * @typedef {caffe.InnerProductParameter.$Properties} caffe.InnerProductParameter.$Shape
         */

        /**
         * Constructs a new InnerProductParameter.
         * @memberof caffe
         * @classdesc Represents an InnerProductParameter.
         * @constructor
         * @param {caffe.InnerProductParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const InnerProductParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * InnerProductParameter num_output.
         * @member {number} num_output
         * @memberof caffe.InnerProductParameter
         * @instance
         */
        InnerProductParameter.prototype.num_output = 0;

        /**
         * InnerProductParameter bias_term.
         * @member {boolean} bias_term
         * @memberof caffe.InnerProductParameter
         * @instance
         */
        InnerProductParameter.prototype.bias_term = true;

        /**
         * InnerProductParameter weight_filler.
         * @member {caffe.FillerParameter.$Properties|null|undefined} weight_filler
         * @memberof caffe.InnerProductParameter
         * @instance
         */
        InnerProductParameter.prototype.weight_filler = null;

        /**
         * InnerProductParameter bias_filler.
         * @member {caffe.FillerParameter.$Properties|null|undefined} bias_filler
         * @memberof caffe.InnerProductParameter
         * @instance
         */
        InnerProductParameter.prototype.bias_filler = null;

        /**
         * InnerProductParameter axis.
         * @member {number} axis
         * @memberof caffe.InnerProductParameter
         * @instance
         */
        InnerProductParameter.prototype.axis = 1;

        /**
         * InnerProductParameter transpose.
         * @member {boolean} transpose
         * @memberof caffe.InnerProductParameter
         * @instance
         */
        InnerProductParameter.prototype.transpose = false;

        /**
         * Creates a new InnerProductParameter instance using the specified properties.
         * @function create
         * @memberof caffe.InnerProductParameter
         * @static
         * @param {caffe.InnerProductParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.InnerProductParameter} InnerProductParameter instance
         * @type {{
         *   (properties: caffe.InnerProductParameter.$Shape): caffe.InnerProductParameter & caffe.InnerProductParameter.$Shape;
         *   (properties?: caffe.InnerProductParameter.$Properties): caffe.InnerProductParameter;
         * }}
         */
        InnerProductParameter.create = function(properties) {
            return new InnerProductParameter(properties);
        };

        /**
         * Encodes the specified InnerProductParameter message. Does not implicitly {@link caffe.InnerProductParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.InnerProductParameter
         * @static
         * @param {caffe.InnerProductParameter.$Properties} message InnerProductParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        InnerProductParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.num_output != null && $Object.hasOwnProperty.call(message, "num_output"))
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.num_output);
            if (message.bias_term != null && $Object.hasOwnProperty.call(message, "bias_term"))
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.bias_term);
            if (message.weight_filler != null && $Object.hasOwnProperty.call(message, "weight_filler"))
                $root.caffe.FillerParameter.encode(message.weight_filler, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.bias_filler != null && $Object.hasOwnProperty.call(message, "bias_filler"))
                $root.caffe.FillerParameter.encode(message.bias_filler, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 5, wireType 0 =*/40).int32(message.axis);
            if (message.transpose != null && $Object.hasOwnProperty.call(message, "transpose"))
                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.transpose);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an InnerProductParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.InnerProductParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.InnerProductParameter & caffe.InnerProductParameter.$Shape} InnerProductParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        InnerProductParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.InnerProductParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.num_output = reader.uint32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.bias_term = reader.bool();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.weight_filler = $root.caffe.FillerParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.weight_filler);
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.bias_filler = $root.caffe.FillerParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.bias_filler);
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        message.transpose = reader.bool();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return InnerProductParameter;
    })();

    caffe.InputParameter = (function() {

        /**
         * Properties of an InputParameter.
         * @typedef {Object} caffe.InputParameter.$Properties
         * @property {Array.<caffe.BlobShape.$Properties>|null} [shape] InputParameter shape
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an InputParameter.
         * @memberof caffe
         * @interface IInputParameter
         * @augments caffe.InputParameter.$Properties
         * @deprecated Use caffe.InputParameter.$Properties instead.
         */

        /**
         * Shape of an InputParameter.
         * @typedef {caffe.InputParameter.$Properties} caffe.InputParameter.$Shape
         */

        /**
         * Constructs a new InputParameter.
         * @memberof caffe
         * @classdesc Represents an InputParameter.
         * @constructor
         * @param {caffe.InputParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const InputParameter = function (properties) {
            this.shape = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * InputParameter shape.
         * @member {Array.<caffe.BlobShape.$Properties>} shape
         * @memberof caffe.InputParameter
         * @instance
         */
        InputParameter.prototype.shape = $util.emptyArray;

        /**
         * Creates a new InputParameter instance using the specified properties.
         * @function create
         * @memberof caffe.InputParameter
         * @static
         * @param {caffe.InputParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.InputParameter} InputParameter instance
         * @type {{
         *   (properties: caffe.InputParameter.$Shape): caffe.InputParameter & caffe.InputParameter.$Shape;
         *   (properties?: caffe.InputParameter.$Properties): caffe.InputParameter;
         * }}
         */
        InputParameter.create = function(properties) {
            return new InputParameter(properties);
        };

        /**
         * Encodes the specified InputParameter message. Does not implicitly {@link caffe.InputParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.InputParameter
         * @static
         * @param {caffe.InputParameter.$Properties} message InputParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        InputParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.shape != null && message.shape.length)
                for (let i = 0; i < message.shape.length; ++i)
                    $root.caffe.BlobShape.encode(message.shape[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an InputParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.InputParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.InputParameter & caffe.InputParameter.$Shape} InputParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        InputParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.InputParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.shape && message.shape.length))
                            message.shape = [];
                        message.shape.push($root.caffe.BlobShape.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return InputParameter;
    })();

    caffe.LRNParameter = (function() {

        /**
         * Properties of a LRNParameter.
         * @typedef {Object} caffe.LRNParameter.$Properties
         * @property {number|null} [local_size] LRNParameter local_size
         * @property {number|null} [alpha] LRNParameter alpha
         * @property {number|null} [beta] LRNParameter beta
         * @property {caffe.LRNParameter.NormRegion|null} [norm_region] LRNParameter norm_region
         * @property {number|null} [k] LRNParameter k
         * @property {caffe.LRNParameter.Engine|null} [engine] LRNParameter engine
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LRNParameter.
         * @memberof caffe
         * @interface ILRNParameter
         * @augments caffe.LRNParameter.$Properties
         * @deprecated Use caffe.LRNParameter.$Properties instead.
         */

        /**
         * Shape of a LRNParameter.
         * @typedef {caffe.LRNParameter.$Properties} caffe.LRNParameter.$Shape
         */

        /**
         * Constructs a new LRNParameter.
         * @memberof caffe
         * @classdesc Represents a LRNParameter.
         * @constructor
         * @param {caffe.LRNParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LRNParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LRNParameter local_size.
         * @member {number} local_size
         * @memberof caffe.LRNParameter
         * @instance
         */
        LRNParameter.prototype.local_size = 5;

        /**
         * LRNParameter alpha.
         * @member {number} alpha
         * @memberof caffe.LRNParameter
         * @instance
         */
        LRNParameter.prototype.alpha = 1;

        /**
         * LRNParameter beta.
         * @member {number} beta
         * @memberof caffe.LRNParameter
         * @instance
         */
        LRNParameter.prototype.beta = 0.75;

        /**
         * LRNParameter norm_region.
         * @member {caffe.LRNParameter.NormRegion} norm_region
         * @memberof caffe.LRNParameter
         * @instance
         */
        LRNParameter.prototype.norm_region = 0;

        /**
         * LRNParameter k.
         * @member {number} k
         * @memberof caffe.LRNParameter
         * @instance
         */
        LRNParameter.prototype.k = 1;

        /**
         * LRNParameter engine.
         * @member {caffe.LRNParameter.Engine} engine
         * @memberof caffe.LRNParameter
         * @instance
         */
        LRNParameter.prototype.engine = 0;

        /**
         * Creates a new LRNParameter instance using the specified properties.
         * @function create
         * @memberof caffe.LRNParameter
         * @static
         * @param {caffe.LRNParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.LRNParameter} LRNParameter instance
         * @type {{
         *   (properties: caffe.LRNParameter.$Shape): caffe.LRNParameter & caffe.LRNParameter.$Shape;
         *   (properties?: caffe.LRNParameter.$Properties): caffe.LRNParameter;
         * }}
         */
        LRNParameter.create = function(properties) {
            return new LRNParameter(properties);
        };

        /**
         * Encodes the specified LRNParameter message. Does not implicitly {@link caffe.LRNParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.LRNParameter
         * @static
         * @param {caffe.LRNParameter.$Properties} message LRNParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LRNParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.local_size != null && $Object.hasOwnProperty.call(message, "local_size"))
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.local_size);
            if (message.alpha != null && $Object.hasOwnProperty.call(message, "alpha"))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.alpha);
            if (message.beta != null && $Object.hasOwnProperty.call(message, "beta"))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.beta);
            if (message.norm_region != null && $Object.hasOwnProperty.call(message, "norm_region"))
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.norm_region);
            if (message.k != null && $Object.hasOwnProperty.call(message, "k"))
                writer.uint32(/* id 5, wireType 5 =*/45).float(message.k);
            if (message.engine != null && $Object.hasOwnProperty.call(message, "engine"))
                writer.uint32(/* id 6, wireType 0 =*/48).int32(message.engine);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LRNParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.LRNParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.LRNParameter & caffe.LRNParameter.$Shape} LRNParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LRNParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.LRNParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.local_size = reader.uint32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        message.alpha = reader.float();
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        message.beta = reader.float();
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.LRNParameter.NormRegion[value] !== $undefined)
                            message.norm_region = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 5: {
                        if (wireType !== 5)
                            break;
                        message.k = reader.float();
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.LRNParameter.Engine[value] !== $undefined)
                            message.engine = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * NormRegion enum.
         * @name caffe.LRNParameter.NormRegion
         * @enum {number}
         * @property {number} ACROSS_CHANNELS=0 ACROSS_CHANNELS value
         * @property {number} WITHIN_CHANNEL=1 WITHIN_CHANNEL value
         */
        LRNParameter.NormRegion = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ACROSS_CHANNELS"] = 0;
            values[valuesById[1] = "WITHIN_CHANNEL"] = 1;
            return values;
        })();

        /**
         * Engine enum.
         * @name caffe.LRNParameter.Engine
         * @enum {number}
         * @property {number} DEFAULT=0 DEFAULT value
         * @property {number} CAFFE=1 CAFFE value
         * @property {number} CUDNN=2 CUDNN value
         */
        LRNParameter.Engine = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DEFAULT"] = 0;
            values[valuesById[1] = "CAFFE"] = 1;
            values[valuesById[2] = "CUDNN"] = 2;
            return values;
        })();

        return LRNParameter;
    })();

    caffe.PoolingParameter = (function() {

        /**
         * Properties of a PoolingParameter.
         * @typedef {Object} caffe.PoolingParameter.$Properties
         * @property {caffe.PoolingParameter.PoolMethod|null} [pool] PoolingParameter pool
         * @property {number|null} [pad] PoolingParameter pad
         * @property {number|null} [pad_h] PoolingParameter pad_h
         * @property {number|null} [pad_w] PoolingParameter pad_w
         * @property {number|null} [kernel_size] PoolingParameter kernel_size
         * @property {number|null} [kernel_h] PoolingParameter kernel_h
         * @property {number|null} [kernel_w] PoolingParameter kernel_w
         * @property {number|null} [stride] PoolingParameter stride
         * @property {number|null} [stride_h] PoolingParameter stride_h
         * @property {number|null} [stride_w] PoolingParameter stride_w
         * @property {caffe.PoolingParameter.Engine|null} [engine] PoolingParameter engine
         * @property {boolean|null} [global_pooling] PoolingParameter global_pooling
         * @property {caffe.PoolingParameter.RoundMode|null} [round_mode] PoolingParameter round_mode
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PoolingParameter.
         * @memberof caffe
         * @interface IPoolingParameter
         * @augments caffe.PoolingParameter.$Properties
         * @deprecated Use caffe.PoolingParameter.$Properties instead.
         */

        /**
         * Shape of a PoolingParameter.
         * @typedef {caffe.PoolingParameter.$Properties} caffe.PoolingParameter.$Shape
         */

        /**
         * Constructs a new PoolingParameter.
         * @memberof caffe
         * @classdesc Represents a PoolingParameter.
         * @constructor
         * @param {caffe.PoolingParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PoolingParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PoolingParameter pool.
         * @member {caffe.PoolingParameter.PoolMethod} pool
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.pool = 0;

        /**
         * PoolingParameter pad.
         * @member {number} pad
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.pad = 0;

        /**
         * PoolingParameter pad_h.
         * @member {number} pad_h
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.pad_h = 0;

        /**
         * PoolingParameter pad_w.
         * @member {number} pad_w
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.pad_w = 0;

        /**
         * PoolingParameter kernel_size.
         * @member {number} kernel_size
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.kernel_size = 0;

        /**
         * PoolingParameter kernel_h.
         * @member {number} kernel_h
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.kernel_h = 0;

        /**
         * PoolingParameter kernel_w.
         * @member {number} kernel_w
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.kernel_w = 0;

        /**
         * PoolingParameter stride.
         * @member {number} stride
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.stride = 1;

        /**
         * PoolingParameter stride_h.
         * @member {number} stride_h
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.stride_h = 0;

        /**
         * PoolingParameter stride_w.
         * @member {number} stride_w
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.stride_w = 0;

        /**
         * PoolingParameter engine.
         * @member {caffe.PoolingParameter.Engine} engine
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.engine = 0;

        /**
         * PoolingParameter global_pooling.
         * @member {boolean} global_pooling
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.global_pooling = false;

        /**
         * PoolingParameter round_mode.
         * @member {caffe.PoolingParameter.RoundMode} round_mode
         * @memberof caffe.PoolingParameter
         * @instance
         */
        PoolingParameter.prototype.round_mode = 0;

        /**
         * Creates a new PoolingParameter instance using the specified properties.
         * @function create
         * @memberof caffe.PoolingParameter
         * @static
         * @param {caffe.PoolingParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.PoolingParameter} PoolingParameter instance
         * @type {{
         *   (properties: caffe.PoolingParameter.$Shape): caffe.PoolingParameter & caffe.PoolingParameter.$Shape;
         *   (properties?: caffe.PoolingParameter.$Properties): caffe.PoolingParameter;
         * }}
         */
        PoolingParameter.create = function(properties) {
            return new PoolingParameter(properties);
        };

        /**
         * Encodes the specified PoolingParameter message. Does not implicitly {@link caffe.PoolingParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.PoolingParameter
         * @static
         * @param {caffe.PoolingParameter.$Properties} message PoolingParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PoolingParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.pool != null && $Object.hasOwnProperty.call(message, "pool"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.pool);
            if (message.kernel_size != null && $Object.hasOwnProperty.call(message, "kernel_size"))
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.kernel_size);
            if (message.stride != null && $Object.hasOwnProperty.call(message, "stride"))
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.stride);
            if (message.pad != null && $Object.hasOwnProperty.call(message, "pad"))
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.pad);
            if (message.kernel_h != null && $Object.hasOwnProperty.call(message, "kernel_h"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.kernel_h);
            if (message.kernel_w != null && $Object.hasOwnProperty.call(message, "kernel_w"))
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.kernel_w);
            if (message.stride_h != null && $Object.hasOwnProperty.call(message, "stride_h"))
                writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.stride_h);
            if (message.stride_w != null && $Object.hasOwnProperty.call(message, "stride_w"))
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.stride_w);
            if (message.pad_h != null && $Object.hasOwnProperty.call(message, "pad_h"))
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.pad_h);
            if (message.pad_w != null && $Object.hasOwnProperty.call(message, "pad_w"))
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.pad_w);
            if (message.engine != null && $Object.hasOwnProperty.call(message, "engine"))
                writer.uint32(/* id 11, wireType 0 =*/88).int32(message.engine);
            if (message.global_pooling != null && $Object.hasOwnProperty.call(message, "global_pooling"))
                writer.uint32(/* id 12, wireType 0 =*/96).bool(message.global_pooling);
            if (message.round_mode != null && $Object.hasOwnProperty.call(message, "round_mode"))
                writer.uint32(/* id 13, wireType 0 =*/104).int32(message.round_mode);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PoolingParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.PoolingParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.PoolingParameter & caffe.PoolingParameter.$Shape} PoolingParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PoolingParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.PoolingParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.PoolingParameter.PoolMethod[value] !== $undefined)
                            message.pool = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.pad = reader.uint32();
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        message.pad_h = reader.uint32();
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        message.pad_w = reader.uint32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.kernel_size = reader.uint32();
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.kernel_h = reader.uint32();
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        message.kernel_w = reader.uint32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        message.stride = reader.uint32();
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        message.stride_h = reader.uint32();
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        message.stride_w = reader.uint32();
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.PoolingParameter.Engine[value] !== $undefined)
                            message.engine = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 12: {
                        if (wireType !== 0)
                            break;
                        message.global_pooling = reader.bool();
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.PoolingParameter.RoundMode[value] !== $undefined)
                            message.round_mode = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * PoolMethod enum.
         * @name caffe.PoolingParameter.PoolMethod
         * @enum {number}
         * @property {number} MAX=0 MAX value
         * @property {number} AVE=1 AVE value
         * @property {number} STOCHASTIC=2 STOCHASTIC value
         */
        PoolingParameter.PoolMethod = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "MAX"] = 0;
            values[valuesById[1] = "AVE"] = 1;
            values[valuesById[2] = "STOCHASTIC"] = 2;
            return values;
        })();

        /**
         * Engine enum.
         * @name caffe.PoolingParameter.Engine
         * @enum {number}
         * @property {number} DEFAULT=0 DEFAULT value
         * @property {number} CAFFE=1 CAFFE value
         * @property {number} CUDNN=2 CUDNN value
         */
        PoolingParameter.Engine = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DEFAULT"] = 0;
            values[valuesById[1] = "CAFFE"] = 1;
            values[valuesById[2] = "CUDNN"] = 2;
            return values;
        })();

        /**
         * RoundMode enum.
         * @name caffe.PoolingParameter.RoundMode
         * @enum {number}
         * @property {number} CEIL=0 CEIL value
         * @property {number} FLOOR=1 FLOOR value
         */
        PoolingParameter.RoundMode = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "CEIL"] = 0;
            values[valuesById[1] = "FLOOR"] = 1;
            return values;
        })();

        return PoolingParameter;
    })();

    caffe.ReLUParameter = (function() {

        /**
         * Properties of a ReLUParameter.
         * @typedef {Object} caffe.ReLUParameter.$Properties
         * @property {number|null} [negative_slope] ReLUParameter negative_slope
         * @property {caffe.ReLUParameter.Engine|null} [engine] ReLUParameter engine
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ReLUParameter.
         * @memberof caffe
         * @interface IReLUParameter
         * @augments caffe.ReLUParameter.$Properties
         * @deprecated Use caffe.ReLUParameter.$Properties instead.
         */

        /**
         * Shape of a ReLUParameter.
         * @typedef {caffe.ReLUParameter.$Properties} caffe.ReLUParameter.$Shape
         */

        /**
         * Constructs a new ReLUParameter.
         * @memberof caffe
         * @classdesc Represents a ReLUParameter.
         * @constructor
         * @param {caffe.ReLUParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ReLUParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ReLUParameter negative_slope.
         * @member {number} negative_slope
         * @memberof caffe.ReLUParameter
         * @instance
         */
        ReLUParameter.prototype.negative_slope = 0;

        /**
         * ReLUParameter engine.
         * @member {caffe.ReLUParameter.Engine} engine
         * @memberof caffe.ReLUParameter
         * @instance
         */
        ReLUParameter.prototype.engine = 0;

        /**
         * Creates a new ReLUParameter instance using the specified properties.
         * @function create
         * @memberof caffe.ReLUParameter
         * @static
         * @param {caffe.ReLUParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.ReLUParameter} ReLUParameter instance
         * @type {{
         *   (properties: caffe.ReLUParameter.$Shape): caffe.ReLUParameter & caffe.ReLUParameter.$Shape;
         *   (properties?: caffe.ReLUParameter.$Properties): caffe.ReLUParameter;
         * }}
         */
        ReLUParameter.create = function(properties) {
            return new ReLUParameter(properties);
        };

        /**
         * Encodes the specified ReLUParameter message. Does not implicitly {@link caffe.ReLUParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.ReLUParameter
         * @static
         * @param {caffe.ReLUParameter.$Properties} message ReLUParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReLUParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.negative_slope != null && $Object.hasOwnProperty.call(message, "negative_slope"))
                writer.uint32(/* id 1, wireType 5 =*/13).float(message.negative_slope);
            if (message.engine != null && $Object.hasOwnProperty.call(message, "engine"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.engine);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ReLUParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.ReLUParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.ReLUParameter & caffe.ReLUParameter.$Shape} ReLUParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReLUParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.ReLUParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 5)
                            break;
                        message.negative_slope = reader.float();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.ReLUParameter.Engine[value] !== $undefined)
                            message.engine = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Engine enum.
         * @name caffe.ReLUParameter.Engine
         * @enum {number}
         * @property {number} DEFAULT=0 DEFAULT value
         * @property {number} CAFFE=1 CAFFE value
         * @property {number} CUDNN=2 CUDNN value
         */
        ReLUParameter.Engine = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DEFAULT"] = 0;
            values[valuesById[1] = "CAFFE"] = 1;
            values[valuesById[2] = "CUDNN"] = 2;
            return values;
        })();

        return ReLUParameter;
    })();

    caffe.ScaleParameter = (function() {

        /**
         * Properties of a ScaleParameter.
         * @typedef {Object} caffe.ScaleParameter.$Properties
         * @property {number|null} [axis] ScaleParameter axis
         * @property {number|null} [num_axes] ScaleParameter num_axes
         * @property {caffe.FillerParameter.$Properties|null} [filler] ScaleParameter filler
         * @property {boolean|null} [bias_term] ScaleParameter bias_term
         * @property {caffe.FillerParameter.$Properties|null} [bias_filler] ScaleParameter bias_filler
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScaleParameter.
         * @memberof caffe
         * @interface IScaleParameter
         * @augments caffe.ScaleParameter.$Properties
         * @deprecated Use caffe.ScaleParameter.$Properties instead.
         */

        /**
         * Shape of a ScaleParameter.
         * @typedef {caffe.ScaleParameter.$Properties} caffe.ScaleParameter.$Shape
         */

        /**
         * Constructs a new ScaleParameter.
         * @memberof caffe
         * @classdesc Represents a ScaleParameter.
         * @constructor
         * @param {caffe.ScaleParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScaleParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScaleParameter axis.
         * @member {number} axis
         * @memberof caffe.ScaleParameter
         * @instance
         */
        ScaleParameter.prototype.axis = 1;

        /**
         * ScaleParameter num_axes.
         * @member {number} num_axes
         * @memberof caffe.ScaleParameter
         * @instance
         */
        ScaleParameter.prototype.num_axes = 1;

        /**
         * ScaleParameter filler.
         * @member {caffe.FillerParameter.$Properties|null|undefined} filler
         * @memberof caffe.ScaleParameter
         * @instance
         */
        ScaleParameter.prototype.filler = null;

        /**
         * ScaleParameter bias_term.
         * @member {boolean} bias_term
         * @memberof caffe.ScaleParameter
         * @instance
         */
        ScaleParameter.prototype.bias_term = false;

        /**
         * ScaleParameter bias_filler.
         * @member {caffe.FillerParameter.$Properties|null|undefined} bias_filler
         * @memberof caffe.ScaleParameter
         * @instance
         */
        ScaleParameter.prototype.bias_filler = null;

        /**
         * Creates a new ScaleParameter instance using the specified properties.
         * @function create
         * @memberof caffe.ScaleParameter
         * @static
         * @param {caffe.ScaleParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.ScaleParameter} ScaleParameter instance
         * @type {{
         *   (properties: caffe.ScaleParameter.$Shape): caffe.ScaleParameter & caffe.ScaleParameter.$Shape;
         *   (properties?: caffe.ScaleParameter.$Properties): caffe.ScaleParameter;
         * }}
         */
        ScaleParameter.create = function(properties) {
            return new ScaleParameter(properties);
        };

        /**
         * Encodes the specified ScaleParameter message. Does not implicitly {@link caffe.ScaleParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.ScaleParameter
         * @static
         * @param {caffe.ScaleParameter.$Properties} message ScaleParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScaleParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.axis);
            if (message.num_axes != null && $Object.hasOwnProperty.call(message, "num_axes"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.num_axes);
            if (message.filler != null && $Object.hasOwnProperty.call(message, "filler"))
                $root.caffe.FillerParameter.encode(message.filler, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.bias_term != null && $Object.hasOwnProperty.call(message, "bias_term"))
                writer.uint32(/* id 4, wireType 0 =*/32).bool(message.bias_term);
            if (message.bias_filler != null && $Object.hasOwnProperty.call(message, "bias_filler"))
                $root.caffe.FillerParameter.encode(message.bias_filler, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScaleParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.ScaleParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.ScaleParameter & caffe.ScaleParameter.$Shape} ScaleParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScaleParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.ScaleParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.num_axes = reader.int32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.filler = $root.caffe.FillerParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.filler);
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        message.bias_term = reader.bool();
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.bias_filler = $root.caffe.FillerParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.bias_filler);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return ScaleParameter;
    })();

    caffe.SoftmaxParameter = (function() {

        /**
         * Properties of a SoftmaxParameter.
         * @typedef {Object} caffe.SoftmaxParameter.$Properties
         * @property {caffe.SoftmaxParameter.Engine|null} [engine] SoftmaxParameter engine
         * @property {number|null} [axis] SoftmaxParameter axis
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SoftmaxParameter.
         * @memberof caffe
         * @interface ISoftmaxParameter
         * @augments caffe.SoftmaxParameter.$Properties
         * @deprecated Use caffe.SoftmaxParameter.$Properties instead.
         */

        /**
         * Shape of a SoftmaxParameter.
         * @typedef {caffe.SoftmaxParameter.$Properties} caffe.SoftmaxParameter.$Shape
         */

        /**
         * Constructs a new SoftmaxParameter.
         * @memberof caffe
         * @classdesc Represents a SoftmaxParameter.
         * @constructor
         * @param {caffe.SoftmaxParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SoftmaxParameter = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SoftmaxParameter engine.
         * @member {caffe.SoftmaxParameter.Engine} engine
         * @memberof caffe.SoftmaxParameter
         * @instance
         */
        SoftmaxParameter.prototype.engine = 0;

        /**
         * SoftmaxParameter axis.
         * @member {number} axis
         * @memberof caffe.SoftmaxParameter
         * @instance
         */
        SoftmaxParameter.prototype.axis = 1;

        /**
         * Creates a new SoftmaxParameter instance using the specified properties.
         * @function create
         * @memberof caffe.SoftmaxParameter
         * @static
         * @param {caffe.SoftmaxParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.SoftmaxParameter} SoftmaxParameter instance
         * @type {{
         *   (properties: caffe.SoftmaxParameter.$Shape): caffe.SoftmaxParameter & caffe.SoftmaxParameter.$Shape;
         *   (properties?: caffe.SoftmaxParameter.$Properties): caffe.SoftmaxParameter;
         * }}
         */
        SoftmaxParameter.create = function(properties) {
            return new SoftmaxParameter(properties);
        };

        /**
         * Encodes the specified SoftmaxParameter message. Does not implicitly {@link caffe.SoftmaxParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.SoftmaxParameter
         * @static
         * @param {caffe.SoftmaxParameter.$Properties} message SoftmaxParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SoftmaxParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.engine != null && $Object.hasOwnProperty.call(message, "engine"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.engine);
            if (message.axis != null && $Object.hasOwnProperty.call(message, "axis"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.axis);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a SoftmaxParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.SoftmaxParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.SoftmaxParameter & caffe.SoftmaxParameter.$Shape} SoftmaxParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SoftmaxParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.SoftmaxParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.SoftmaxParameter.Engine[value] !== $undefined)
                            message.engine = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.axis = reader.int32();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Engine enum.
         * @name caffe.SoftmaxParameter.Engine
         * @enum {number}
         * @property {number} DEFAULT=0 DEFAULT value
         * @property {number} CAFFE=1 CAFFE value
         * @property {number} CUDNN=2 CUDNN value
         */
        SoftmaxParameter.Engine = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DEFAULT"] = 0;
            values[valuesById[1] = "CAFFE"] = 1;
            values[valuesById[2] = "CUDNN"] = 2;
            return values;
        })();

        return SoftmaxParameter;
    })();

    caffe.V1LayerParameter = (function() {

        /**
         * Properties of a V1LayerParameter.
         * @typedef {Object} caffe.V1LayerParameter.$Properties
         * @property {Array.<string>|null} [bottom] V1LayerParameter bottom
         * @property {Array.<string>|null} [top] V1LayerParameter top
         * @property {string|null} [name] V1LayerParameter name
         * @property {Array.<caffe.NetStateRule.$Properties>|null} [include] V1LayerParameter include
         * @property {Array.<caffe.NetStateRule.$Properties>|null} [exclude] V1LayerParameter exclude
         * @property {caffe.V1LayerParameter.LayerType|null} [type] V1LayerParameter type
         * @property {Array.<caffe.BlobProto.$Properties>|null} [blobs] V1LayerParameter blobs
         * @property {Array.<string>|null} [param] V1LayerParameter param
         * @property {Array.<number>|null} [blobs_lr] V1LayerParameter blobs_lr
         * @property {Array.<number>|null} [weight_decay] V1LayerParameter weight_decay
         * @property {Array.<number>|null} [loss_weight] V1LayerParameter loss_weight
         * @property {caffe.AccuracyParameter.$Properties|null} [accuracy_param] V1LayerParameter accuracy_param
         * @property {caffe.ConcatParameter.$Properties|null} [concat_param] V1LayerParameter concat_param
         * @property {caffe.ConvolutionParameter.$Properties|null} [convolution_param] V1LayerParameter convolution_param
         * @property {caffe.DataParameter.$Properties|null} [data_param] V1LayerParameter data_param
         * @property {caffe.DropoutParameter.$Properties|null} [dropout_param] V1LayerParameter dropout_param
         * @property {caffe.EltwiseParameter.$Properties|null} [eltwise_param] V1LayerParameter eltwise_param
         * @property {caffe.ImageDataParameter.$Properties|null} [image_data_param] V1LayerParameter image_data_param
         * @property {caffe.InnerProductParameter.$Properties|null} [inner_product_param] V1LayerParameter inner_product_param
         * @property {caffe.LRNParameter.$Properties|null} [lrn_param] V1LayerParameter lrn_param
         * @property {caffe.PoolingParameter.$Properties|null} [pooling_param] V1LayerParameter pooling_param
         * @property {caffe.ReLUParameter.$Properties|null} [relu_param] V1LayerParameter relu_param
         * @property {caffe.SoftmaxParameter.$Properties|null} [softmax_param] V1LayerParameter softmax_param
         * @property {caffe.TransformationParameter.$Properties|null} [transform_param] V1LayerParameter transform_param
         * @property {caffe.LossParameter.$Properties|null} [loss_param] V1LayerParameter loss_param
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a V1LayerParameter.
         * @memberof caffe
         * @interface IV1LayerParameter
         * @augments caffe.V1LayerParameter.$Properties
         * @deprecated Use caffe.V1LayerParameter.$Properties instead.
         */

        /**
         * Shape of a V1LayerParameter.
         * @typedef {caffe.V1LayerParameter.$Properties} caffe.V1LayerParameter.$Shape
         */

        /**
         * Constructs a new V1LayerParameter.
         * @memberof caffe
         * @classdesc Represents a V1LayerParameter.
         * @constructor
         * @param {caffe.V1LayerParameter.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const V1LayerParameter = function (properties) {
            this.bottom = [];
            this.top = [];
            this.include = [];
            this.exclude = [];
            this.blobs = [];
            this.param = [];
            this.blobs_lr = [];
            this.weight_decay = [];
            this.loss_weight = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * V1LayerParameter bottom.
         * @member {Array.<string>} bottom
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.bottom = $util.emptyArray;

        /**
         * V1LayerParameter top.
         * @member {Array.<string>} top
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.top = $util.emptyArray;

        /**
         * V1LayerParameter name.
         * @member {string} name
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.name = "";

        /**
         * V1LayerParameter include.
         * @member {Array.<caffe.NetStateRule.$Properties>} include
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.include = $util.emptyArray;

        /**
         * V1LayerParameter exclude.
         * @member {Array.<caffe.NetStateRule.$Properties>} exclude
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.exclude = $util.emptyArray;

        /**
         * V1LayerParameter type.
         * @member {caffe.V1LayerParameter.LayerType} type
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.type = 0;

        /**
         * V1LayerParameter blobs.
         * @member {Array.<caffe.BlobProto.$Properties>} blobs
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.blobs = $util.emptyArray;

        /**
         * V1LayerParameter param.
         * @member {Array.<string>} param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.param = $util.emptyArray;

        /**
         * V1LayerParameter blobs_lr.
         * @member {Array.<number>} blobs_lr
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.blobs_lr = $util.emptyArray;

        /**
         * V1LayerParameter weight_decay.
         * @member {Array.<number>} weight_decay
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.weight_decay = $util.emptyArray;

        /**
         * V1LayerParameter loss_weight.
         * @member {Array.<number>} loss_weight
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.loss_weight = $util.emptyArray;

        /**
         * V1LayerParameter accuracy_param.
         * @member {caffe.AccuracyParameter.$Properties|null|undefined} accuracy_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.accuracy_param = null;

        /**
         * V1LayerParameter concat_param.
         * @member {caffe.ConcatParameter.$Properties|null|undefined} concat_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.concat_param = null;

        /**
         * V1LayerParameter convolution_param.
         * @member {caffe.ConvolutionParameter.$Properties|null|undefined} convolution_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.convolution_param = null;

        /**
         * V1LayerParameter data_param.
         * @member {caffe.DataParameter.$Properties|null|undefined} data_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.data_param = null;

        /**
         * V1LayerParameter dropout_param.
         * @member {caffe.DropoutParameter.$Properties|null|undefined} dropout_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.dropout_param = null;

        /**
         * V1LayerParameter eltwise_param.
         * @member {caffe.EltwiseParameter.$Properties|null|undefined} eltwise_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.eltwise_param = null;

        /**
         * V1LayerParameter image_data_param.
         * @member {caffe.ImageDataParameter.$Properties|null|undefined} image_data_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.image_data_param = null;

        /**
         * V1LayerParameter inner_product_param.
         * @member {caffe.InnerProductParameter.$Properties|null|undefined} inner_product_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.inner_product_param = null;

        /**
         * V1LayerParameter lrn_param.
         * @member {caffe.LRNParameter.$Properties|null|undefined} lrn_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.lrn_param = null;

        /**
         * V1LayerParameter pooling_param.
         * @member {caffe.PoolingParameter.$Properties|null|undefined} pooling_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.pooling_param = null;

        /**
         * V1LayerParameter relu_param.
         * @member {caffe.ReLUParameter.$Properties|null|undefined} relu_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.relu_param = null;

        /**
         * V1LayerParameter softmax_param.
         * @member {caffe.SoftmaxParameter.$Properties|null|undefined} softmax_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.softmax_param = null;

        /**
         * V1LayerParameter transform_param.
         * @member {caffe.TransformationParameter.$Properties|null|undefined} transform_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.transform_param = null;

        /**
         * V1LayerParameter loss_param.
         * @member {caffe.LossParameter.$Properties|null|undefined} loss_param
         * @memberof caffe.V1LayerParameter
         * @instance
         */
        V1LayerParameter.prototype.loss_param = null;

        /**
         * Creates a new V1LayerParameter instance using the specified properties.
         * @function create
         * @memberof caffe.V1LayerParameter
         * @static
         * @param {caffe.V1LayerParameter.$Properties=} [properties] Properties to set
         * @returns {caffe.V1LayerParameter} V1LayerParameter instance
         * @type {{
         *   (properties: caffe.V1LayerParameter.$Shape): caffe.V1LayerParameter & caffe.V1LayerParameter.$Shape;
         *   (properties?: caffe.V1LayerParameter.$Properties): caffe.V1LayerParameter;
         * }}
         */
        V1LayerParameter.create = function(properties) {
            return new V1LayerParameter(properties);
        };

        /**
         * Encodes the specified V1LayerParameter message. Does not implicitly {@link caffe.V1LayerParameter.verify|verify} messages.
         * @function encode
         * @memberof caffe.V1LayerParameter
         * @static
         * @param {caffe.V1LayerParameter.$Properties} message V1LayerParameter message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        V1LayerParameter.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.bottom != null && message.bottom.length)
                for (let i = 0; i < message.bottom.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.bottom[i]);
            if (message.top != null && message.top.length)
                for (let i = 0; i < message.top.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.top[i]);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.name);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                writer.uint32(/* id 5, wireType 0 =*/40).int32(message.type);
            if (message.blobs != null && message.blobs.length)
                for (let i = 0; i < message.blobs.length; ++i)
                    $root.caffe.BlobProto.encode(message.blobs[i], writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.blobs_lr != null && message.blobs_lr.length)
                for (let i = 0; i < message.blobs_lr.length; ++i)
                    writer.uint32(/* id 7, wireType 5 =*/61).float(message.blobs_lr[i]);
            if (message.weight_decay != null && message.weight_decay.length)
                for (let i = 0; i < message.weight_decay.length; ++i)
                    writer.uint32(/* id 8, wireType 5 =*/69).float(message.weight_decay[i]);
            if (message.concat_param != null && $Object.hasOwnProperty.call(message, "concat_param"))
                $root.caffe.ConcatParameter.encode(message.concat_param, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
            if (message.convolution_param != null && $Object.hasOwnProperty.call(message, "convolution_param"))
                $root.caffe.ConvolutionParameter.encode(message.convolution_param, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
            if (message.data_param != null && $Object.hasOwnProperty.call(message, "data_param"))
                $root.caffe.DataParameter.encode(message.data_param, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
            if (message.dropout_param != null && $Object.hasOwnProperty.call(message, "dropout_param"))
                $root.caffe.DropoutParameter.encode(message.dropout_param, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
            if (message.image_data_param != null && $Object.hasOwnProperty.call(message, "image_data_param"))
                $root.caffe.ImageDataParameter.encode(message.image_data_param, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
            if (message.inner_product_param != null && $Object.hasOwnProperty.call(message, "inner_product_param"))
                $root.caffe.InnerProductParameter.encode(message.inner_product_param, writer.uint32(/* id 17, wireType 2 =*/138).fork(), _depth + 1).ldelim();
            if (message.lrn_param != null && $Object.hasOwnProperty.call(message, "lrn_param"))
                $root.caffe.LRNParameter.encode(message.lrn_param, writer.uint32(/* id 18, wireType 2 =*/146).fork(), _depth + 1).ldelim();
            if (message.pooling_param != null && $Object.hasOwnProperty.call(message, "pooling_param"))
                $root.caffe.PoolingParameter.encode(message.pooling_param, writer.uint32(/* id 19, wireType 2 =*/154).fork(), _depth + 1).ldelim();
            if (message.eltwise_param != null && $Object.hasOwnProperty.call(message, "eltwise_param"))
                $root.caffe.EltwiseParameter.encode(message.eltwise_param, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
            if (message.accuracy_param != null && $Object.hasOwnProperty.call(message, "accuracy_param"))
                $root.caffe.AccuracyParameter.encode(message.accuracy_param, writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
            if (message.relu_param != null && $Object.hasOwnProperty.call(message, "relu_param"))
                $root.caffe.ReLUParameter.encode(message.relu_param, writer.uint32(/* id 30, wireType 2 =*/242).fork(), _depth + 1).ldelim();
            if (message.include != null && message.include.length)
                for (let i = 0; i < message.include.length; ++i)
                    $root.caffe.NetStateRule.encode(message.include[i], writer.uint32(/* id 32, wireType 2 =*/258).fork(), _depth + 1).ldelim();
            if (message.exclude != null && message.exclude.length)
                for (let i = 0; i < message.exclude.length; ++i)
                    $root.caffe.NetStateRule.encode(message.exclude[i], writer.uint32(/* id 33, wireType 2 =*/266).fork(), _depth + 1).ldelim();
            if (message.loss_weight != null && message.loss_weight.length)
                for (let i = 0; i < message.loss_weight.length; ++i)
                    writer.uint32(/* id 35, wireType 5 =*/285).float(message.loss_weight[i]);
            if (message.transform_param != null && $Object.hasOwnProperty.call(message, "transform_param"))
                $root.caffe.TransformationParameter.encode(message.transform_param, writer.uint32(/* id 36, wireType 2 =*/290).fork(), _depth + 1).ldelim();
            if (message.softmax_param != null && $Object.hasOwnProperty.call(message, "softmax_param"))
                $root.caffe.SoftmaxParameter.encode(message.softmax_param, writer.uint32(/* id 39, wireType 2 =*/314).fork(), _depth + 1).ldelim();
            if (message.loss_param != null && $Object.hasOwnProperty.call(message, "loss_param"))
                $root.caffe.LossParameter.encode(message.loss_param, writer.uint32(/* id 42, wireType 2 =*/338).fork(), _depth + 1).ldelim();
            if (message.param != null && message.param.length)
                for (let i = 0; i < message.param.length; ++i)
                    writer.uint32(/* id 1001, wireType 2 =*/8010).string(message.param[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a V1LayerParameter message from the specified reader or buffer.
         * @function decode
         * @memberof caffe.V1LayerParameter
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {caffe.V1LayerParameter & caffe.V1LayerParameter.$Shape} V1LayerParameter
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        V1LayerParameter.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.caffe.V1LayerParameter();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.bottom && message.bottom.length))
                            message.bottom = [];
                        message.bottom.push(reader.string());
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.top && message.top.length))
                            message.top = [];
                        message.top.push(reader.string());
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.name = reader.string();
                        continue;
                    }
                case 32: {
                        if (wireType !== 2)
                            break;
                        if (!(message.include && message.include.length))
                            message.include = [];
                        message.include.push($root.caffe.NetStateRule.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 33: {
                        if (wireType !== 2)
                            break;
                        if (!(message.exclude && message.exclude.length))
                            message.exclude = [];
                        message.exclude.push($root.caffe.NetStateRule.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.caffe.V1LayerParameter.LayerType[value] !== $undefined)
                            message.type = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.blobs && message.blobs.length))
                            message.blobs = [];
                        message.blobs.push($root.caffe.BlobProto.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 1001: {
                        if (wireType !== 2)
                            break;
                        if (!(message.param && message.param.length))
                            message.param = [];
                        message.param.push(reader.string());
                        continue;
                    }
                case 7: {
                        if (wireType === 2) {
                            if (!(message.blobs_lr && message.blobs_lr.length))
                                message.blobs_lr = [];
                            reader.floats(message.blobs_lr);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.blobs_lr && message.blobs_lr.length))
                            message.blobs_lr = [];
                        message.blobs_lr.push(reader.float());
                        continue;
                    }
                case 8: {
                        if (wireType === 2) {
                            if (!(message.weight_decay && message.weight_decay.length))
                                message.weight_decay = [];
                            reader.floats(message.weight_decay);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.weight_decay && message.weight_decay.length))
                            message.weight_decay = [];
                        message.weight_decay.push(reader.float());
                        continue;
                    }
                case 35: {
                        if (wireType === 2) {
                            if (!(message.loss_weight && message.loss_weight.length))
                                message.loss_weight = [];
                            reader.floats(message.loss_weight);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.loss_weight && message.loss_weight.length))
                            message.loss_weight = [];
                        message.loss_weight.push(reader.float());
                        continue;
                    }
                case 27: {
                        if (wireType !== 2)
                            break;
                        message.accuracy_param = $root.caffe.AccuracyParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.accuracy_param);
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        message.concat_param = $root.caffe.ConcatParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.concat_param);
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        message.convolution_param = $root.caffe.ConvolutionParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.convolution_param);
                        continue;
                    }
                case 11: {
                        if (wireType !== 2)
                            break;
                        message.data_param = $root.caffe.DataParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.data_param);
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        message.dropout_param = $root.caffe.DropoutParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.dropout_param);
                        continue;
                    }
                case 24: {
                        if (wireType !== 2)
                            break;
                        message.eltwise_param = $root.caffe.EltwiseParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.eltwise_param);
                        continue;
                    }
                case 15: {
                        if (wireType !== 2)
                            break;
                        message.image_data_param = $root.caffe.ImageDataParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.image_data_param);
                        continue;
                    }
                case 17: {
                        if (wireType !== 2)
                            break;
                        message.inner_product_param = $root.caffe.InnerProductParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.inner_product_param);
                        continue;
                    }
                case 18: {
                        if (wireType !== 2)
                            break;
                        message.lrn_param = $root.caffe.LRNParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.lrn_param);
                        continue;
                    }
                case 19: {
                        if (wireType !== 2)
                            break;
                        message.pooling_param = $root.caffe.PoolingParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.pooling_param);
                        continue;
                    }
                case 30: {
                        if (wireType !== 2)
                            break;
                        message.relu_param = $root.caffe.ReLUParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.relu_param);
                        continue;
                    }
                case 39: {
                        if (wireType !== 2)
                            break;
                        message.softmax_param = $root.caffe.SoftmaxParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.softmax_param);
                        continue;
                    }
                case 36: {
                        if (wireType !== 2)
                            break;
                        message.transform_param = $root.caffe.TransformationParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.transform_param);
                        continue;
                    }
                case 42: {
                        if (wireType !== 2)
                            break;
                        message.loss_param = $root.caffe.LossParameter.decode(reader, reader.size(), $undefined, _depth + 1, message.loss_param);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * LayerType enum.
         * @name caffe.V1LayerParameter.LayerType
         * @enum {number}
         * @property {number} NONE=0 NONE value
         * @property {number} ABSVAL=35 ABSVAL value
         * @property {number} ACCURACY=1 ACCURACY value
         * @property {number} ARGMAX=30 ARGMAX value
         * @property {number} BNLL=2 BNLL value
         * @property {number} CONCAT=3 CONCAT value
         * @property {number} CONTRASTIVE_LOSS=37 CONTRASTIVE_LOSS value
         * @property {number} CONVOLUTION=4 CONVOLUTION value
         * @property {number} DATA=5 DATA value
         * @property {number} DECONVOLUTION=39 DECONVOLUTION value
         * @property {number} DROPOUT=6 DROPOUT value
         * @property {number} DUMMY_DATA=32 DUMMY_DATA value
         * @property {number} EUCLIDEAN_LOSS=7 EUCLIDEAN_LOSS value
         * @property {number} ELTWISE=25 ELTWISE value
         * @property {number} EXP=38 EXP value
         * @property {number} FLATTEN=8 FLATTEN value
         * @property {number} HDF5_DATA=9 HDF5_DATA value
         * @property {number} HDF5_OUTPUT=10 HDF5_OUTPUT value
         * @property {number} HINGE_LOSS=28 HINGE_LOSS value
         * @property {number} IM2COL=11 IM2COL value
         * @property {number} IMAGE_DATA=12 IMAGE_DATA value
         * @property {number} INFOGAIN_LOSS=13 INFOGAIN_LOSS value
         * @property {number} INNER_PRODUCT=14 INNER_PRODUCT value
         * @property {number} LRN=15 LRN value
         * @property {number} MEMORY_DATA=29 MEMORY_DATA value
         * @property {number} MULTINOMIAL_LOGISTIC_LOSS=16 MULTINOMIAL_LOGISTIC_LOSS value
         * @property {number} MVN=34 MVN value
         * @property {number} POOLING=17 POOLING value
         * @property {number} POWER=26 POWER value
         * @property {number} RELU=18 RELU value
         * @property {number} SIGMOID=19 SIGMOID value
         * @property {number} SIGMOID_CROSS_ENTROPY_LOSS=27 SIGMOID_CROSS_ENTROPY_LOSS value
         * @property {number} SILENCE=36 SILENCE value
         * @property {number} SOFTMAX=20 SOFTMAX value
         * @property {number} SOFTMAX_LOSS=21 SOFTMAX_LOSS value
         * @property {number} SPLIT=22 SPLIT value
         * @property {number} SLICE=33 SLICE value
         * @property {number} TANH=23 TANH value
         * @property {number} WINDOW_DATA=24 WINDOW_DATA value
         * @property {number} THRESHOLD=31 THRESHOLD value
         */
        V1LayerParameter.LayerType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "NONE"] = 0;
            values[valuesById[35] = "ABSVAL"] = 35;
            values[valuesById[1] = "ACCURACY"] = 1;
            values[valuesById[30] = "ARGMAX"] = 30;
            values[valuesById[2] = "BNLL"] = 2;
            values[valuesById[3] = "CONCAT"] = 3;
            values[valuesById[37] = "CONTRASTIVE_LOSS"] = 37;
            values[valuesById[4] = "CONVOLUTION"] = 4;
            values[valuesById[5] = "DATA"] = 5;
            values[valuesById[39] = "DECONVOLUTION"] = 39;
            values[valuesById[6] = "DROPOUT"] = 6;
            values[valuesById[32] = "DUMMY_DATA"] = 32;
            values[valuesById[7] = "EUCLIDEAN_LOSS"] = 7;
            values[valuesById[25] = "ELTWISE"] = 25;
            values[valuesById[38] = "EXP"] = 38;
            values[valuesById[8] = "FLATTEN"] = 8;
            values[valuesById[9] = "HDF5_DATA"] = 9;
            values[valuesById[10] = "HDF5_OUTPUT"] = 10;
            values[valuesById[28] = "HINGE_LOSS"] = 28;
            values[valuesById[11] = "IM2COL"] = 11;
            values[valuesById[12] = "IMAGE_DATA"] = 12;
            values[valuesById[13] = "INFOGAIN_LOSS"] = 13;
            values[valuesById[14] = "INNER_PRODUCT"] = 14;
            values[valuesById[15] = "LRN"] = 15;
            values[valuesById[29] = "MEMORY_DATA"] = 29;
            values[valuesById[16] = "MULTINOMIAL_LOGISTIC_LOSS"] = 16;
            values[valuesById[34] = "MVN"] = 34;
            values[valuesById[17] = "POOLING"] = 17;
            values[valuesById[26] = "POWER"] = 26;
            values[valuesById[18] = "RELU"] = 18;
            values[valuesById[19] = "SIGMOID"] = 19;
            values[valuesById[27] = "SIGMOID_CROSS_ENTROPY_LOSS"] = 27;
            values[valuesById[36] = "SILENCE"] = 36;
            values[valuesById[20] = "SOFTMAX"] = 20;
            values[valuesById[21] = "SOFTMAX_LOSS"] = 21;
            values[valuesById[22] = "SPLIT"] = 22;
            values[valuesById[33] = "SLICE"] = 33;
            values[valuesById[23] = "TANH"] = 23;
            values[valuesById[24] = "WINDOW_DATA"] = 24;
            values[valuesById[31] = "THRESHOLD"] = 31;
            return values;
        })();

        return V1LayerParameter;
    })();

    return caffe;
})();

export {
  $root as default
};
