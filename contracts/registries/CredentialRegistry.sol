// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {QualifierRegistry} from "./QualifierRegistry.sol";
import {IERC5192} from "../interfaces/IERC5192.sol";
import {ISanctionsList} from "../interfaces/ISanctionsList.sol";
import {ICredentialStatus} from "../interfaces/ICredentialStatus.sol";
import {CredentialIndex} from "../libraries/CredentialIndex.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {Jurisdiction} from "../libraries/Jurisdiction.sol";

/// @title CredentialRegistry
/// @notice Soulbound ERC-721 credentials (ERC-5192, always locked) that admitted qualifiers issue to
/// wallets: class, jurisdiction, expiry. No personal data is ever stored: the real-name registry stays
/// with the qualifier, off chain. Every transfer and approval is refused; revocation burns the credential.
/// @dev The token id is the triple (holder, qualifier id, class id): `holder << 96 | qualifierId << 8 | classId`,
/// so a wallet holds at most one credential per qualifier and class, and re-issuing after a revocation
/// mints the same id again. A wallet holds at most {CredentialIndex.MAX_ENTRIES} credentials at once, at
/// most {MAX_PER_QUALIFIER} of them from one qualifier, so no qualifier can fill a wallet and lock the
/// others out. When the wallet is full, a new credential takes the place of an expired one (the issuing
/// qualifier's own first, then any other's), which is burnt with {CredentialRevoked}.
/// The registry also keeps the federation's sanctions flags (SANCTIONS_ROLE, appointed by governance) and
/// answers the Chainalysis `isSanctioned` interface from them, and the guardians' blocked flags, which
/// only the contract registry sets (BLOCKER_ROLE, granted to it by governance at deployment).
contract CredentialRegistry is QualifierRegistry, IERC721Metadata, IERC721Errors, IERC5192, ISanctionsList, ICredentialStatus {
    using CredentialIndex for uint256;

    /// @notice May flag and clear sanctioned wallets.
    bytes32 public constant SANCTIONS_ROLE = keccak256("SANCTIONS_ROLE");
    /// @dev The most credentials one qualifier may hold in a wallet at once (of the four places). Internal:
    /// no getter, so the transfer check's function lookup stays short.
    uint256 internal constant MAX_PER_QUALIFIER = 2;
    /// @dev keccak256("BLOCKER_ROLE"), held by the ContractRegistry only: it sets the blocked flag when a
    /// guardian blocks an address. Internal: no getter, so the transfer check's function lookup stays as short.
    bytes32 internal constant BLOCKER_ROLE = keccak256("BLOCKER_ROLE");

    /// @dev One slot per credential; qualifier and class are in the token id.
    struct Record {
        address holder;
        uint16 jurisdiction;
        uint40 issuedAt;
        uint40 expiresAt;
    }

    /// @notice A credential as the views return it.
    struct Credential {
        uint256 tokenId;
        address holder;
        uint16 qualifierId;
        uint8 classId;
        uint16 jurisdiction;
        uint40 issuedAt;
        uint40 expiresAt;
        bool valid;
    }

    /// @notice What a qualifier asks to issue.
    struct Issuance {
        address holder;
        uint8 classId;
        uint16 jurisdiction;
        uint40 expiresAt;
    }

    mapping(address holder => uint256 word) private _index;
    mapping(uint256 tokenId => Record) private _records;
    /// @dev The slot of the first standing word (qualifiers 0-255), so a transfer check need not hash it.
    uint256 private immutable _firstStandingSlot;

    error Soulbound();
    error ClassNotPermitted(uint16 qualifierId, uint8 classId);
    error InvalidExpiry(uint40 expiresAt);
    error CredentialAlreadyIssued(uint256 tokenId);
    error TooManyCredentials(address holder);
    error QualifierShareFull(address holder, uint16 qualifierId);
    error HolderSanctioned(address holder);
    error NotIssuingQualifier(uint256 tokenId, address caller);

    /// @notice A qualifier issued a soulbound credential.
    event CredentialIssued(
        uint256 indexed tokenId,
        address indexed holder,
        uint16 indexed qualifierId,
        uint8 classId,
        uint16 jurisdiction,
        uint40 expiresAt
    );
    /// @notice The issuing qualifier set a new expiry.
    event CredentialRenewed(uint256 indexed tokenId, uint40 expiresAt);
    /// @notice A credential was revoked, with the reason.
    event CredentialRevoked(uint256 indexed tokenId, address indexed holder, uint16 indexed qualifierId, string reason);
    /// @notice A sanctions operator flagged or cleared a wallet, naming the list.
    event SanctionsUpdated(address indexed account, bool sanctioned, string source);
    /// @notice The contract registry set or cleared a wallet's blocked flag (a guardian's block).
    event BlockedUpdated(address indexed account, bool blocked);

    /// @notice `governance` receives the admin role (the timelock, in a deployment).
    /// @param governance Receives DEFAULT_ADMIN_ROLE.
    constructor(address governance) {
        if (governance == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _firstStandingSlot = uint256(keccak256(abi.encode(uint256(0), _standingSlot())));
    }

    // ------------------------------------------------------------------ qualifiers: issue, renew, revoke

    /// @dev `account`'s qualifier id, if it may issue and renew now: an active qualifier whose account is
    /// neither blocked by a guardian nor sanctioned (a compromised issuing key is stopped by a block, at
    /// once, before governance suspends the qualifier). Revoking stays open to it.
    function _issuingQualifierId(address account) private view returns (uint16 qid) {
        qid = _activeQualifierId(account);
        if (_index[account].isRefused()) revert NotAnActiveQualifier(account);
    }

    /// @notice Issues a credential. Caller: an active qualifier permitted for `req.classId`, whose account
    /// is neither blocked nor sanctioned.
    /// @return tokenId The credential's id.
    function issue(Issuance calldata req) external returns (uint256 tokenId) {
        uint16 qid = _issuingQualifierId(msg.sender);
        return _issue(qid, _qualifierClassMask(qid), req);
    }

    /// @notice Issues many credentials in one transaction. Caller: an active qualifier, neither blocked nor
    /// sanctioned.
    function issueBatch(Issuance[] calldata reqs) external returns (uint256[] memory tokenIds) {
        uint16 qid = _issuingQualifierId(msg.sender);
        uint256 classMask = _qualifierClassMask(qid);
        tokenIds = new uint256[](reqs.length);
        for (uint256 i; i < reqs.length; ++i) {
            tokenIds[i] = _issue(qid, classMask, reqs[i]);
        }
    }

    /// @notice Sets a new expiry for a credential. Caller: the active qualifier that issued it, neither
    /// blocked nor sanctioned.
    function renew(uint256 tokenId, uint40 expiresAt) external {
        Record storage r = _existingRecord(tokenId);
        uint16 qid = _issuingQualifierId(msg.sender);
        if (_qualifierOfToken(tokenId) != qid) revert NotIssuingQualifier(tokenId, msg.sender);
        _requireExpiry(expiresAt);
        address holder = r.holder;
        r.expiresAt = expiresAt;
        uint256 word = _index[holder];
        uint256 i = word.find(qid, _classOfToken(tokenId));
        _index[holder] = word.withEntry(i, CredentialIndex.encode(qid, _classOfToken(tokenId), uint32(expiresAt)));
        emit CredentialRenewed(tokenId, expiresAt);
    }

    /// @notice Revokes (burns) a credential. Caller: the qualifier that issued it (even if suspended),
    /// or governance.
    function revoke(uint256 tokenId, string calldata reason) external {
        Record memory r = _existingRecord(tokenId);
        uint16 qid = _qualifierOfToken(tokenId);
        if (_qualifierIdOfAccount(msg.sender) != qid && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert NotIssuingQualifier(tokenId, msg.sender);
        }
        uint256 word = _index[r.holder];
        _index[r.holder] = word.withEntry(word.find(qid, _classOfToken(tokenId)), 0);
        delete _records[tokenId];
        emit Transfer(r.holder, address(0), tokenId);
        emit CredentialRevoked(tokenId, r.holder, qid, reason);
    }

    function _issue(uint16 qid, uint256 classMask, Issuance calldata req) private returns (uint256 tokenId) {
        address holder = req.holder;
        if (holder == address(0)) revert ERC721InvalidReceiver(address(0));
        if ((classMask >> req.classId) & 1 == 0) revert ClassNotPermitted(qid, req.classId);
        Jurisdiction.validate(req.jurisdiction);
        _requireExpiry(req.expiresAt);
        tokenId = credentialId(holder, qid, req.classId);
        if (_records[tokenId].holder != address(0)) revert CredentialAlreadyIssued(tokenId);
        uint256 word = _index[holder];
        if (word.isSanctioned()) revert HolderSanctioned(holder);
        uint256 slot = _placeFor(holder, word, qid);
        uint256 evicted = word.entryAt(slot);
        if (evicted != 0) _evict(holder, evicted);

        _index[holder] = word.withEntry(slot, CredentialIndex.encode(qid, req.classId, uint32(req.expiresAt)));
        _records[tokenId] = Record(holder, req.jurisdiction, uint40(block.timestamp), req.expiresAt);
        emit Transfer(address(0), holder, tokenId);
        emit Locked(tokenId);
        emit CredentialIssued(tokenId, holder, qid, req.classId, req.jurisdiction, req.expiresAt);
    }

    /// @dev The entry of `word` a new credential of qualifier `qid` goes to: an empty one, else an expired
    /// one (the qualifier's own first). A qualifier already holding {MAX_PER_QUALIFIER} entries may only
    /// replace one of its own expired ones. Suspended qualifiers' entries keep their place (a reinstatement
    /// revives them); governance can revoke them.
    function _placeFor(address holder, uint256 word, uint16 qid) private view returns (uint256) {
        uint256 own;
        uint256 empty = CredentialIndex.NOT_FOUND;
        uint256 ownExpired = CredentialIndex.NOT_FOUND;
        uint256 otherExpired = CredentialIndex.NOT_FOUND;
        for (uint256 i; i < CredentialIndex.MAX_ENTRIES; ++i) {
            uint256 e = word.entryAt(i);
            uint256 q = e.qualifierOf();
            if (q == 0) {
                if (empty == CredentialIndex.NOT_FOUND) empty = i;
                continue;
            }
            bool expired = e.expiryOf() <= block.timestamp;
            if (q == qid) {
                ++own;
                if (expired && ownExpired == CredentialIndex.NOT_FOUND) ownExpired = i;
            } else if (expired && otherExpired == CredentialIndex.NOT_FOUND) {
                otherExpired = i;
            }
        }
        if (own >= MAX_PER_QUALIFIER) {
            if (ownExpired == CredentialIndex.NOT_FOUND) revert QualifierShareFull(holder, qid);
            return ownExpired;
        }
        if (empty != CredentialIndex.NOT_FOUND) return empty;
        if (ownExpired != CredentialIndex.NOT_FOUND) return ownExpired;
        if (otherExpired != CredentialIndex.NOT_FOUND) return otherExpired;
        revert TooManyCredentials(holder);
    }

    /// @dev Burns the expired credential behind index entry `entry` of `holder`, whose place is reused.
    function _evict(address holder, uint256 entry) private {
        uint16 qid = uint16(entry.qualifierOf());
        uint256 tokenId = credentialId(holder, qid, uint8(entry.classOf()));
        delete _records[tokenId];
        emit Transfer(holder, address(0), tokenId);
        emit CredentialRevoked(tokenId, holder, qid, "expired: its place went to a new credential");
    }

    // ------------------------------------------------------------------ sanctions

    /// @notice Flags or clears wallets as sanctioned; a flagged wallet fails every credential check and
    /// cannot receive new credentials. SANCTIONS_ROLE.
    /// @param source Where the listing comes from, e.g. "OFAC SDN 2026-11-20".
    function setSanctioned(address[] calldata accounts, bool sanctioned, string calldata source)
        external
        onlyRole(SANCTIONS_ROLE)
    {
        for (uint256 i; i < accounts.length; ++i) {
            address a = accounts[i];
            _index[a] = _index[a].withSanctioned(sanctioned);
            emit SanctionsUpdated(a, sanctioned, source);
        }
    }

    /// @inheritdoc ISanctionsList
    function isSanctioned(address addr) external view returns (bool) {
        return _index[addr].isSanctioned();
    }

    // ------------------------------------------------------------------ blocks

    /// @notice Sets or clears `account`'s blocked flag: a blocked address fails every credential check,
    /// so it can neither send nor receive, whatever it holds. BLOCKER_ROLE (the contract registry, acting
    /// for its guardians).
    function setBlocked(address account, bool blocked) external onlyRole(BLOCKER_ROLE) {
        _index[account] = _index[account].withBlocked(blocked);
        emit BlockedUpdated(account, blocked);
    }

    /// @notice Whether a guardian has blocked `account`.
    function isBlocked(address account) external view returns (bool) {
        return _index[account].isBlocked();
    }

    // ------------------------------------------------------------------ checks

    /// @inheritdoc ICredentialStatus
    function credentialStatusPair(address from, address to, uint256 classMask)
        external
        view
        returns (uint8 fromCode, uint8 toCode)
    {
        fromCode = _status(from, classMask);
        toCode = _status(to, classMask);
        // Encode the two codes directly (hot path of every transfer).
        assembly ("memory-safe") {
            mstore(0x00, fromCode)
            mstore(0x20, toCode)
            return(0x00, 0x40)
        }
    }

    /// @inheritdoc ICredentialStatus
    function credentialStatus(address account, uint256 classMask) external view returns (uint8) {
        return _status(account, classMask);
    }

    /// @notice Whether `account` holds a live credential of a class in `classMask` and is neither sanctioned
    /// nor blocked.
    function hasValidCredential(address account, uint256 classMask) external view returns (bool) {
        return _status(account, classMask) == RestrictionCodes.SUCCESS;
    }

    /// @dev Sender-side code: sanctioned, else blocked, else success if any accepted, unexpired entry has an active
    /// qualifier, else the most telling failure (suspended > expired > none).
    function _status(address account, uint256 classMask) private view returns (uint8) {
        uint256 word = _index[account];
        if (word.isRefused()) {
            return word.isSanctioned() ? RestrictionCodes.SENDER_SANCTIONED : RestrictionCodes.SENDER_CONTRACT_BLOCKED;
        }
        return _credentialCode(word, classMask);
    }

    /// @dev The credential part of {_status}: the four entries of `word` (layout in {CredentialIndex}) in
    /// order, stopping at the first live one. In assembly because it runs twice in every transfer.
    function _credentialCode(uint256 word, uint256 classMask) private view returns (uint8 code) {
        uint256 standingSlot = _standingSlot();
        uint256 firstStandingSlot = _firstStandingSlot;
        assembly ("memory-safe") {
            code := 22 // RestrictionCodes.SENDER_NOT_QUALIFIED
            for { let shift := 0 } lt(shift, 224) { shift := add(shift, 56) } {
                let e := and(shr(shift, word), 0xffffffffffffff)
                let qid := and(e, 0xffff)
                // an entry of an accepted class
                if and(iszero(iszero(qid)), and(shr(and(shr(16, e), 0xff), classMask), 1)) {
                    switch gt(shr(24, e), timestamp())
                    case 0 {
                        if eq(code, 22) { code := 24 } // RestrictionCodes.SENDER_CREDENTIAL_EXPIRED
                    }
                    default {
                        // the qualifier's standing: bit (qid & 255) of word (qid >> 8), see {_isActive}
                        let slot := firstStandingSlot
                        if gt(qid, 0xff) {
                            mstore(0x00, shr(8, qid))
                            mstore(0x20, standingSlot)
                            slot := keccak256(0x00, 0x40)
                        }
                        if and(shr(and(qid, 0xff), sload(slot)), 1) {
                            code := 0 // RestrictionCodes.SUCCESS
                            break
                        }
                        code := 26 // RestrictionCodes.SENDER_QUALIFIER_SUSPENDED
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ views

    /// @notice The id a credential of (`holder`, `qualifierId`, `classId`) has.
    function credentialId(address holder, uint16 qualifierId, uint8 classId) public pure returns (uint256) {
        return (uint256(uint160(holder)) << 96) | (uint256(qualifierId) << 8) | classId;
    }

    /// @notice A credential, with whether it passes checks now (unexpired, qualifier active, holder neither
    /// sanctioned nor blocked).
    function credential(uint256 tokenId) public view returns (Credential memory c) {
        Record memory r = _existingRecord(tokenId);
        uint16 qid = _qualifierOfToken(tokenId);
        c = Credential({
            tokenId: tokenId,
            holder: r.holder,
            qualifierId: qid,
            classId: _classOfToken(tokenId),
            jurisdiction: r.jurisdiction,
            issuedAt: r.issuedAt,
            expiresAt: r.expiresAt,
            valid: r.expiresAt > block.timestamp && _isActive(qid) && !_index[r.holder].isRefused()
        });
    }

    /// @notice The ids of the credentials `holder` holds.
    function credentialsOf(address holder) external view returns (uint256[] memory ids) {
        uint256 word = _index[holder];
        ids = new uint256[](word.count());
        uint256 n;
        for (uint256 i; i < CredentialIndex.MAX_ENTRIES; ++i) {
            uint256 e = word.entryAt(i);
            if (e.qualifierOf() != 0) {
                ids[n] = credentialId(holder, uint16(e.qualifierOf()), uint8(e.classOf()));
                ++n;
            }
        }
    }

    // ------------------------------------------------------------------ ERC-721 (soulbound) and ERC-5192

    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "Qualified Credential";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "QCRED";
    }

    /// @inheritdoc IERC721Metadata
    /// @dev On-chain JSON with the public attributes only.
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        Credential memory c = credential(tokenId);
        // JSON fragments: single-quoted so that their double quotes need no escaping.
        // solhint-disable quotes
        string memory attributes = string.concat(
            '[{"trait_type":"Qualifier","value":"',
            Strings.escapeJSON(_qualifierName(c.qualifierId)),
            '"},{"trait_type":"Class","value":"',
            Strings.escapeJSON(_className(c.classId)),
            '"},{"trait_type":"Jurisdiction","value":"',
            Jurisdiction.toString(c.jurisdiction),
            '"},{"display_type":"date","trait_type":"Issued","value":',
            Strings.toString(c.issuedAt),
            '},{"display_type":"date","trait_type":"Expires","value":',
            Strings.toString(c.expiresAt),
            '},{"trait_type":"Status","value":"',
            c.valid ? "valid" : "not valid",
            '"}]'
        );
        string memory json = string.concat(
            '{"name":"Qualified Credential #',
            Strings.toHexString(tokenId),
            '","description":"Soulbound credential issued by a Qualified qualifier. It holds no personal data.","attributes":',
            attributes,
            "}"
        );
        // solhint-enable quotes
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _index[owner].count();
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _existingRecord(tokenId).holder;
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _existingRecord(tokenId);
        return true;
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 tokenId) external view returns (address) {
        _existingRecord(tokenId);
        return address(0);
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @notice Refused: credentials are soulbound.
    function approve(address, uint256) external pure {
        revert Soulbound();
    }

    /// @notice Refused: credentials are soulbound.
    function setApprovalForAll(address, bool) external pure {
        revert Soulbound();
    }

    /// @notice Refused: credentials are soulbound.
    function transferFrom(address, address, uint256) external pure {
        revert Soulbound();
    }

    /// @notice Refused: credentials are soulbound.
    function safeTransferFrom(address, address, uint256) external pure {
        revert Soulbound();
    }

    /// @notice Refused: credentials are soulbound.
    function safeTransferFrom(address, address, uint256, bytes calldata) external pure {
        revert Soulbound();
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == type(IERC721).interfaceId || interfaceId == type(IERC721Metadata).interfaceId
            || interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    function _existingRecord(uint256 tokenId) private view returns (Record storage r) {
        r = _records[tokenId];
        if (r.holder == address(0)) revert ERC721NonexistentToken(tokenId);
    }

    function _qualifierOfToken(uint256 tokenId) private pure returns (uint16) {
        return uint16(tokenId >> 8);
    }

    function _classOfToken(uint256 tokenId) private pure returns (uint8) {
        return uint8(tokenId);
    }

    function _requireExpiry(uint40 expiresAt) private view {
        if (expiresAt <= block.timestamp || expiresAt > type(uint32).max) revert InvalidExpiry(expiresAt);
    }
}
