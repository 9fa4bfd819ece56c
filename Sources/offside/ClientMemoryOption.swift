import ArgumentParser
import OffsideCore

/// `--clients-in-memory`: how much client state a command holds before it
/// writes the rest to scratch files (scan, merge and report share it).
struct ClientMemoryOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Clients whose state is held in memory (about 4 KB each); past it, client state is written to scratch files in $TMPDIR and merged at the end, so memory stays bounded however many clients an archive has.",
        valueName: "n"))
    var clientsInMemory: Int = ClientSpillOptions.defaultClientsInMemory

    func validate() throws {
        if clientsInMemory < 1 { throw ValidationError("--clients-in-memory must be at least 1") }
    }

    var options: ClientSpillOptions { ClientSpillOptions(clientsInMemory: clientsInMemory) }
}
