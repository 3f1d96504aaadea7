/** The advocate's pages: one chunk, loaded by advocates only. */
import { RoleHome } from "./role-home";

export { NotificationsPage } from "@/features/notifications";

export { EvidencePage, ExportsPage } from "@/features/evidence";

export function Home() {
  return <RoleHome role="advocate" />;
}
