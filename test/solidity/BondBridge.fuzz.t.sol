// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {System} from "./utils/System.sol";
import {BondBridge} from "../../contracts/crosschain/BondBridge.sol";
import {IMessenger} from "../../contracts/interfaces/IMessenger.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";

/// @notice The bridge's returns, fuzzed: this test is the bridge's messenger, so it reads what the bridge sends
/// and delivers what it likes, as a compromised messaging layer could.
contract BondBridgeFuzzTest is Test {
    System.Deployment internal d;
    BondBridge internal bridge;
    address internal constant QUALIFIER = address(0x9001);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    bytes internal lastPayload;

    function setUp() public {
        address[] memory qs = new address[](1);
        qs[0] = QUALIFIER;
        d = System.deploy(address(this), qs);
        vm.startPrank(QUALIFIER);
        d.credentials.issue(CredentialRegistry.Issuance(ALICE, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        d.credentials.issue(CredentialRegistry.Issuance(BOB, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        vm.stopPrank();
        bridge = new BondBridge(d.token, IMessenger(address(this)), address(this));
        d.token.grantRole(d.token.MINTER_ROLE(), address(bridge));
        bridge.setRateLimit(type(uint128).max, 0);
        bridge.setInboundRateLimit(type(uint128).max, 0);
        d.token.mint(ALICE, 1_000);
    }

    /// @dev The messenger's side of {IMessenger}.
    function quote(bytes calldata) external pure returns (uint256) {
        return 0;
    }

    function send(bytes calldata payload, address) external payable returns (bytes32) {
        lastPayload = payload;
        return keccak256(payload);
    }

    function app() external view returns (address) {
        return address(bridge);
    }

    /// A return mints exactly when it names a transfer this bridge sent, with its parties swapped and its
    /// amount, the first time; anything else is voided: supply + voided always equals what was burnt back.
    function testFuzz_aReturnMintsOnlyWhatThisBridgeSent(uint256 amount, uint256 claimed, bool swapParties, bool replay, bytes32 forgedId, uint8 which)
        public
    {
        amount = bound(amount, 1, 1_000);
        vm.prank(ALICE);
        bytes32 sent = bridge.send(BOB, amount);
        uint256 supplyAfterSend = d.token.totalSupply();
        bytes32 original = which % 2 == 0 ? sent : forgedId;
        claimed = which % 3 == 0 ? amount : bound(claimed, 1, 10_000);
        // The return comes from the original recipient (Bob) back to Alice, unless the fuzzer swaps them.
        (address from, address to) = swapParties ? (ALICE, BOB) : (BOB, ALICE);
        bool genuine = original == sent && claimed == amount && !swapParties;
        bridge.receiveMessage(abi.encode(keccak256("return 1"), from, to, claimed, original));
        if (replay) bridge.receiveMessage(abi.encode(keccak256("return 2"), from, to, claimed, original));
        uint256 minted = d.token.totalSupply() - supplyAfterSend;
        assertEq(minted, genuine ? amount : 0, "a return mints only a transfer sent here, to its sender");
        uint256 delivered = claimed * (replay ? 2 : 1);
        assertEq(minted + bridge.totalVoided() + bridge.totalEscrowed(), delivered, "every arrival is minted, escrowed or voided");
        assertTrue(bridge.returned(sent) == genuine, "a transfer comes back at most once");
    }
}
