//! Entry point: mounts the portal.

fn main() {
    portal::mount();
}
