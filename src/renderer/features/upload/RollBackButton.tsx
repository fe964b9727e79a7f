/** "Roll back this run", with its confirmation: the Report and the Upload screen offer the same one. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components';
import { ArrowUndoRegular } from '@fluentui/react-icons';
import { useRunStore } from '../../stores/run-store';

export function RollBackButton({
  runId,
  tenant,
  onRolledBack,
}: {
  runId: string;
  /** The tenant by name, for the question. */
  tenant: string;
  /** After a roll back that worked (its report is open then). */
  onRolledBack?: () => void;
}) {
  const busy = useRunStore((s) => s.busy);
  const restoring = useRunStore((s) => s.restoring);
  const restore = useRunStore((s) => s.restore);
  return (
    <Dialog>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<ArrowUndoRegular />} disabled={busy || restoring !== null}>
          Roll back this run
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Roll back this run?</DialogTitle>
          <DialogContent>
            Each user this run changed in {tenant} gets their previous photo back; users who had no photo get
            theirs removed. The roll back has its own report.
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">Keep the new photos</Button>
            </DialogTrigger>
            <DialogTrigger disableButtonEnhancement>
              <Button
                appearance="primary"
                onClick={() => void restore(runId).then((ok) => ok && onRolledBack?.())}
              >
                Roll back
              </Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
