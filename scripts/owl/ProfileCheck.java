// OWLAPI's OWL 2 DL profile check of one ontology document (RDF/XML, Turtle, ...).
// Run by scripts/owl/dl_check.py as `java -cp <Debian libowlapi-java jars> ProfileCheck.java FILE`;
// prints "axioms N", one "VIOLATION<TAB>kind<TAB>text" line per violation, then "violations N".
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = m.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport r = new OWL2DLProfile().checkOntology(o);
        System.out.println("axioms " + o.getAxiomCount());
        for (OWLProfileViolation v : r.getViolations()) {
            System.out.println("VIOLATION\t" + v.getClass().getSimpleName() + "\t" + v.toString().replace('\n', ' '));
        }
        System.out.println("violations " + r.getViolations().size());
    }
}
