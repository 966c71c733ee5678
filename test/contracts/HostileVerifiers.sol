// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITransferVerifier} from "../../contracts/interfaces/ITransferVerifier.sol";

/// @notice A verifier answering odd-shaped data, whose answers a token must decode fail-closed.
/// Codes (every detect* function), by `mode`:
/// 0: two words (0, 0xdeadbeef); 1: one word with the high bit set; 2: one word 0x100; 3: 31 bytes of zeros.
/// Sentences (messageForTransferRestriction), by `messageMode`:
/// 0: offset 0x20, length 0xffffffff (runs past the answer); 1: offset past the answer;
/// 2: a well-formed "Held by the verifier."; 3: 31 bytes; 4: reverts; 5: length 2**255;
/// 6: length 10 with only 0x40 bytes answered; 7: a well-formed 5,000-byte sentence.
contract OddAnswerVerifier {
    uint256 public immutable mode;
    uint256 public immutable messageMode;

    constructor(uint256 mode_, uint256 messageMode_) {
        mode = mode_;
        messageMode = messageMode_;
    }

    fallback() external {
        uint256 m = mode;
        if (msg.sig == ITransferVerifier.messageForTransferRestriction.selector) {
            uint256 mm = messageMode;
            if (mm == 2) _answer(abi.encode("Held by the verifier."));
            if (mm == 7) _answer(abi.encode(string(new bytes(5000))));
            assembly {
                switch mm
                case 0 {
                    mstore(0x00, 0x20)
                    mstore(0x20, 0xffffffff)
                    return(0x00, 0x40)
                }
                case 1 {
                    mstore(0x00, 0xffffffffffff)
                    mstore(0x20, 1)
                    mstore(0x40, 0)
                    return(0x00, 0x60)
                }
                case 3 {
                    mstore(0x00, 0)
                    return(0x00, 0x1f)
                }
                case 4 { revert(0, 0) }
                case 5 {
                    mstore(0x00, 0x20)
                    mstore(0x20, shl(255, 1))
                    return(0x00, 0x40)
                }
                default {
                    mstore(0x00, 0x20)
                    mstore(0x20, 10)
                    return(0x00, 0x40)
                }
            }
        }
        assembly {
            switch m
            case 0 {
                mstore(0x00, 0)
                mstore(0x20, 0xdeadbeef)
                return(0x00, 0x40)
            }
            case 1 {
                mstore(0x00, shl(255, 1))
                return(0x00, 0x20)
            }
            case 2 {
                mstore(0x00, 0x100)
                return(0x00, 0x20)
            }
            default {
                mstore(0x00, 0)
                return(0x00, 0x1f)
            }
        }
    }

    function _answer(bytes memory data) private pure {
        assembly {
            return(add(data, 0x20), mload(data))
        }
    }
}

/// @notice A credential registry stand-in that answers every call with three zero words: one word more
/// than a pair of codes. A verifier must refuse such an answer rather than read it as "both pass".
contract LongAnswerCredentials {
    fallback() external {
        assembly {
            mstore(0x00, 0)
            mstore(0x20, 0)
            mstore(0x40, 0)
            return(0x00, 0x60)
        }
    }
}
