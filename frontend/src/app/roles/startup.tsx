/** The startup's pages: one chunk, loaded by startups only. */
import { HeadroomBars } from "@/features/headroom";
import { RequestsPanel } from "@/features/requests";

import { RoleHome } from "./role-home";

export { NotificationsPage } from "@/features/notifications";

export { DeclarationsPage, ImportPage, SimulatorPage } from "@/features/declarations";
export { HeadroomPage } from "@/features/headroom";
export { TokensPage } from "@/features/tokens";

export function Home() {
  return (
    <RoleHome role="startup">
      <RequestsPanel />
      <HeadroomBars />
    </RoleHome>
  );
}
